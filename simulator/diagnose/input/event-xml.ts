/**
 * Streaming reader for Windows event logs exported as XML, in both shapes customers send:
 * - `wevtutil qe Application /f:xml`: a sequence of <Event> elements with no root and no declaration;
 * - Event Viewer "Save All Events As… XML": <?xml …?><Events><Event>…</Event>…</Events>, often
 *   UTF-16 with a BOM, each event with a <RenderingInfo> carrying the rendered <Message>.
 * Elements follow the Windows event schema (namespace http://schemas.microsoft.com/win/2004/08/events/event,
 * learn.microsoft.com "EventType Complex Type" / "SystemPropertiesType"): System/Provider@Name,
 * EventID (with Qualifiers), Level, Keywords, TimeCreated@SystemTime, EventRecordID, Computer,
 * EventData/Data. Classic sources such as PasswordResetService put the whole message in one <Data>.
 * A malformed or truncated file keeps every event read before the problem, which is reported with
 * its line.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { InputProblem, LogEvent } from "../model.ts";
import { refText } from "../model.ts";
import { type EventSink, levelName } from "./event-filter.ts";
import { type EncodingInfo, textChunks } from "./text-source.ts";

interface Draft {
  line: number;
  source: string;
  id: number;
  level: number;
  keywords?: string;
  renderedLevel?: string;
  time: string;
  recordId?: number;
  computer?: string;
  data: string[];
  message?: string;
  messageLine?: number;
}

/** Element names whose text we keep, by local name. */
const TEXT_ELEMENTS = new Set([
  "EventID",
  "Level",
  "Keywords",
  "EventRecordID",
  "Computer",
  "Data",
  "Message",
]);

function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

export async function readEventXml(
  file: string,
  display: string,
  info: EncodingInfo,
  fragment: boolean,
  sink: EventSink,
): Promise<{ events: number; problems: InputProblem[] }> {
  const parser = new SaxesParser({ fragment, position: true, xmlns: false });
  const problems: InputProblem[] = [];
  let draft: Draft | undefined;
  let inRendering = false;
  let textTarget: string | undefined;
  let text = "";
  let count = 0;
  let failed = false;

  parser.on("opentag", (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === "Event") {
      draft = { line: parser.line, source: "", id: 0, level: 0, time: "", data: [] };
      return;
    }
    if (!draft) return;
    if (name === "RenderingInfo") inRendering = true;
    else if (name === "Provider" && !inRendering) {
      draft.source = String(tag.attributes.Name ?? tag.attributes.EventSourceName ?? "");
    } else if (name === "TimeCreated") draft.time = String(tag.attributes.SystemTime ?? "");
    if (TEXT_ELEMENTS.has(name)) {
      textTarget = name;
      text = "";
      if (name === "Data" || name === "Message") draft.messageLine ??= parser.line;
    }
  });
  parser.on("text", (t: string) => {
    if (textTarget) text += t;
  });
  parser.on("cdata", (t: string) => {
    if (textTarget) text += t;
  });
  parser.on("closetag", (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (!draft) return;
    if (name === "Event") {
      finish(draft);
      draft = undefined;
      inRendering = false;
      return;
    }
    if (name === "RenderingInfo") inRendering = false;
    if (textTarget === name) {
      const v = text;
      textTarget = undefined;
      switch (name) {
        case "EventID":
          draft.id = Number.parseInt(v, 10);
          break;
        case "Level":
          if (inRendering) draft.renderedLevel = v.trim();
          else draft.level = Number.parseInt(v, 10) || 0;
          break;
        case "Keywords":
          if (!inRendering && /^0x[0-9a-f]+$/i.test(v.trim())) draft.keywords = v.trim();
          break;
        case "EventRecordID":
          draft.recordId = Number.parseInt(v, 10);
          break;
        case "Computer":
          draft.computer = v.trim();
          break;
        case "Data":
          if (v.length > 0) draft.data.push(v);
          break;
        case "Message":
          if (inRendering) draft.message = v;
          break;
      }
    }
  });
  parser.on("error", (err: Error) => {
    if (failed) return;
    failed = true;
    problems.push({
      file: display,
      line: parser.line,
      message: `not well-formed XML (${err.message.replace(/^[^:]*:\d+:\d+: /, "")}); ${count} events read before it`,
    });
  });

  function finish(d: Draft): void {
    const message = d.message ?? d.data.join(" ");
    const line = d.messageLine ?? d.line;
    count++;
    const e: LogEvent = {
      source: d.source,
      id: d.id,
      level: d.renderedLevel || levelName(d.level, d.keywords),
      time: d.time,
      message,
      ref: { file: display, line, text: refText(`${d.source} ${d.id}: ${message}`) },
    };
    if (d.recordId !== undefined && !Number.isNaN(d.recordId)) e.recordId = d.recordId;
    if (d.computer) e.computer = d.computer;
    sink(e);
  }

  for await (const chunk of textChunks(file, info)) {
    parser.write(chunk);
    if (failed) break;
  }
  if (!failed) {
    if (draft) {
      // Cut off inside an event: say so, rather than the parser's "unclosed tag".
      problems.push({
        file: display,
        line: draft.line,
        message: `the file ends inside an event (truncated export?); ${count} complete events read`,
      });
    } else parser.close();
  }
  return { events: count, problems };
}
