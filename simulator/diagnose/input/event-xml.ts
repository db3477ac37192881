/**
 * Streaming reader for Windows event logs exported as XML, in both shapes customers send:
 * - `wevtutil qe Application /f:xml`: a sequence of <Event> elements with no root and no declaration;
 * - Event Viewer "Save All Events As… XML": <?xml …?><Events><Event>…</Event>…</Events>, often
 *   UTF-16 with a BOM, each event with a <RenderingInfo> carrying the rendered <Message>.
 * Elements follow the Windows event schema (namespace http://schemas.microsoft.com/win/2004/08/events/event,
 * learn.microsoft.com "EventType Complex Type" / "SystemPropertiesType"): System/Provider@Name,
 * EventID (with Qualifiers), Level, Keywords, TimeCreated@SystemTime, EventRecordID, Computer,
 * EventData/Data. Classic sources such as PasswordResetService put the whole message in one <Data>.
 *
 * Speed: a big export is mostly other sources' events. Each <Event>…</Event> is cut out of the text
 * stream with indexOf, its provider read from its first bytes, and only the events `wanted` keeps
 * are parsed (with saxes, so they must be well-formed XML); the others are only counted. A damaged
 * event is reported with its line and skipped; a file cut off inside an event says so.
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
const PROVIDER = /<(?:\w+:)?Provider\s[^>]*?Name\s*=\s*(?:'([^']*)'|"([^"]*)")/;

function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

function copy(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

function countLines(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Finds each next <Event> element (not <EventID>, <EventData>, <Events>). */
class EventStarts {
  constructor(private readonly s: string) {}
  next(from: number): number {
    const s = this.s;
    let i = s.indexOf("<Event", from);
    while (i >= 0) {
      const c = s.charCodeAt(i + 6);
      // "<Event " / "<Event>" / "<Event\r\n" (and "<Event/>", an empty event).
      if (c === 0x20 || c === 0x3e || c === 0x0d || c === 0x0a || c === 0x09 || c === 0x2f) return i;
      i = s.indexOf("<Event", i + 6);
    }
    return -1;
  }
}

/** Parses one <Event> element; undefined (and a problem) when it is not well-formed. */
function parseEvent(
  xml: string,
  line: number,
  display: string,
  problems: InputProblem[],
): LogEvent | undefined {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const d: Draft = { line, source: "", id: 0, level: 0, time: "", data: [] };
  let inRendering = false;
  let textTarget: string | undefined;
  let text = "";
  let failed = false;
  const at = () => line + parser.line - 1;
  parser.on("opentag", (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === "RenderingInfo") inRendering = true;
    else if (name === "Provider" && !inRendering)
      d.source = String(tag.attributes.Name ?? tag.attributes.EventSourceName ?? "");
    else if (name === "TimeCreated") d.time = String(tag.attributes.SystemTime ?? "");
    if (TEXT_ELEMENTS.has(name)) {
      textTarget = name;
      text = "";
      if (name === "Data" || name === "Message") d.messageLine ??= at();
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
    if (name === "RenderingInfo") inRendering = false;
    if (textTarget !== name) return;
    textTarget = undefined;
    switch (name) {
      case "EventID":
        d.id = Number.parseInt(text, 10);
        break;
      case "Level":
        if (inRendering) d.renderedLevel = text.trim();
        else d.level = Number.parseInt(text, 10) || 0;
        break;
      case "Keywords":
        if (!inRendering && /^0x[0-9a-f]+$/i.test(text.trim())) d.keywords = text.trim();
        break;
      case "EventRecordID":
        d.recordId = Number.parseInt(text, 10);
        break;
      case "Computer":
        d.computer = text.trim();
        break;
      case "Data":
        if (text.length > 0) d.data.push(text);
        break;
      case "Message":
        if (inRendering) d.message = text;
        break;
    }
  });
  parser.on("error", (err: Error) => {
    if (failed) return;
    failed = true;
    problems.push({
      file: display,
      line: at(),
      message: `an event that is not well-formed XML (${err.message.replace(/^[^:]*:\d+:\d+: /, "")}); skipped`,
    });
  });
  parser.write(xml).close();
  if (failed) return undefined;
  // Copies: V8 keeps a substring's whole parent alive, and the parent is a megabyte of the file.
  const message = copy(d.message ?? d.data.join(" "));
  const e: LogEvent = {
    source: copy(d.source),
    id: d.id,
    level: d.renderedLevel || levelName(d.level, d.keywords),
    time: copy(d.time),
    message,
    ref: { file: display, line: d.messageLine ?? d.line, text: refText(`${d.source} ${d.id}: ${message}`) },
  };
  if (d.recordId !== undefined && !Number.isNaN(d.recordId)) e.recordId = d.recordId;
  if (d.computer) e.computer = copy(d.computer);
  return e;
}

export async function readEventXml(
  file: string,
  display: string,
  info: EncodingInfo,
  wanted: (source: string) => boolean,
  sink: EventSink,
): Promise<{ events: number; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  let buf = "";
  /** Line number of buf[0]. */
  let bufLine = 1;
  let count = 0;
  for await (const chunk of textChunks(file, info)) {
    buf += chunk;
    const starts = new EventStarts(buf);
    let pos = 0;
    for (;;) {
      const start = starts.next(pos);
      if (start < 0) break;
      const end = buf.indexOf("</Event>", start);
      if (end < 0) break;
      const stop = end + 8;
      bufLine += countLines(buf, pos, start);
      const line = bufLine;
      const head = buf.slice(start, Math.min(stop, start + 400));
      const m = PROVIDER.exec(head);
      const source = m ? (m[1] ?? m[2] ?? "") : "";
      count++;
      if (wanted(source)) {
        const e = parseEvent(buf.slice(start, stop), line, display, problems);
        if (e) sink(e);
      } else {
        sink({ source, id: 0, level: "", time: "", message: "", ref: { file: display, line, text: "" } });
      }
      bufLine += countLines(buf, start, stop);
      pos = stop;
    }
    // Keep from the last unfinished event (or the tail, which may hold the start of "<Event").
    const unfinished = starts.next(pos);
    const keepFrom = Math.max(pos, unfinished >= 0 ? unfinished : buf.length - 6);
    bufLine += countLines(buf, pos, keepFrom);
    buf = buf.slice(keepFrom);
  }
  const open = new EventStarts(buf).next(0);
  if (open >= 0) {
    problems.push({
      file: display,
      line: bufLine + countLines(buf, 0, open),
      message: `the file ends inside an event (truncated export?); ${count} complete events read`,
    });
  }
  return { events: count, problems };
}
