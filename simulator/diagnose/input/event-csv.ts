/**
 * Streaming reader for Windows event logs exported as CSV, by header:
 * - Event Viewer "Save All Events As… CSV": `Level,Date and Time,Source,Event ID,Task Category`, the
 *   message in a sixth, unnamed column (quoted, often multi-line), times in the exporting machine's
 *   local format ("1/5/2024 10:00:00 AM");
 * - PowerShell `Get-WinEvent … | Export-Csv` (Id, ProviderName, LevelDisplayName, TimeCreated,
 *   RecordId, MachineName, Message) and `Get-EventLog … | Export-Csv` (EventID, Source, EntryType,
 *   TimeGenerated, Index, MachineName, Message), with or without the `#TYPE` first line.
 * A truncated file (the last quoted message cut off) keeps every complete row and says where it ends.
 */
import { type CsvError, parse } from "csv-parse";
import type { InputProblem, LogEvent } from "../model.ts";
import { refText } from "../model.ts";
import type { EventSink } from "./event-filter.ts";
import { type EncodingInfo, textChunks } from "./text-source.ts";

type Column = "level" | "time" | "source" | "id" | "message" | "record" | "computer";

const HEADER_NAMES: Record<string, Column> = {
  level: "level",
  leveldisplayname: "level",
  entrytype: "level",
  dateandtime: "time",
  timecreated: "time",
  timegenerated: "time",
  source: "source",
  providername: "source",
  eventid: "id",
  id: "id",
  message: "message",
  description: "message",
  recordid: "record",
  index: "record",
  machinename: "computer",
  computer: "computer",
};

function norm(h: string): string {
  return h.toLowerCase().replace(/[^a-z]/g, "");
}

/** True when a header line names at least an event id and a source column. */
export function looksLikeEventCsvHeader(line: string): boolean {
  const cols = line.split(",").map((c) => HEADER_NAMES[norm(c)]);
  return cols.includes("id") && cols.includes("source");
}

export async function readEventCsv(
  file: string,
  display: string,
  info: EncodingInfo,
  sink: EventSink,
): Promise<{ events: number; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    comment: "#",
    comment_no_infix: true,
  });
  let columns: (Column | undefined)[] | undefined;
  let count = 0;
  let lastLine = 0;
  const rows: { record: string[]; info: { lines: number } }[] = [];
  parser.on("readable", () => {
    let r: { record: string[]; info: { lines: number } } | null;
    // biome-ignore lint/suspicious/noAssignInExpressions: the stream API's read loop
    while ((r = parser.read()) !== null) rows.push(r);
  });

  const drain = () => {
    for (const { record, info: at } of rows) {
      const startLine = lastLine + 1;
      lastLine = at.lines;
      if (!columns) {
        columns = record.map((h) => HEADER_NAMES[norm(h)]);
        // Event Viewer leaves the message column without a header.
        if (!columns.includes("message")) columns.push("message");
        continue;
      }
      const get = (c: Column) => {
        const i = columns!.indexOf(c);
        return i >= 0 ? (record[i] ?? "") : "";
      };
      const id = Number.parseInt(get("id"), 10);
      if (Number.isNaN(id)) {
        problems.push({
          file: display,
          line: startLine,
          message: `row without an event id: ${refText(record.join(","), 80)}`,
        });
        continue;
      }
      const message = get("message");
      count++;
      const e: LogEvent = {
        source: get("source").trim(),
        id,
        level: get("level").trim() || "Information",
        time: get("time").trim(),
        message,
        ref: { file: display, line: startLine, text: refText(`${get("source").trim()} ${id}: ${message}`) },
      };
      const rec = Number.parseInt(get("record"), 10);
      if (!Number.isNaN(rec)) e.recordId = rec;
      const computer = get("computer").trim();
      if (computer) e.computer = computer;
      sink(e);
    }
    rows.length = 0;
  };

  const done = new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
  });
  try {
    // Line numbers: csv-parse counts a CRLF inside a quoted message as two lines, so give it LF only
    // (a chunk ending in CR keeps it for the next one).
    let carry = "";
    for await (const chunk of textChunks(file, info)) {
      let text = carry + chunk;
      carry = text.endsWith("\r") ? "\r" : "";
      if (carry) text = text.slice(0, -1);
      if (!parser.write(text.replace(/\r\n/g, "\n"))) await new Promise((r) => parser.once("drain", r));
      drain();
    }
    if (carry) parser.write("\n");
    parser.end();
    await done;
    drain();
  } catch (err) {
    drain();
    const e = err as CsvError & { lines?: number };
    const truncated = e.code === "CSV_QUOTE_NOT_CLOSED";
    problems.push({
      file: display,
      line: lastLine + 1,
      message: truncated
        ? `the file ends inside a quoted message (truncated export?); ${count} complete rows read`
        : `not a well-formed CSV (${e.message}); ${count} rows read before it`,
    });
  }
  return { events: count, problems };
}
