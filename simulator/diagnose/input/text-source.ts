/**
 * Reads a customer's file as text whatever Windows wrote it in: UTF-16LE with a BOM (PowerShell 5's
 * `>` and Out-File default, Event Viewer's "Save As" XML), UTF-16BE, UTF-8 with or without a BOM
 * (wevtutil, PowerShell 7), and BOM-less UTF-16LE (recognised by its zero high bytes). Big files
 * are decoded as a stream of chunks so a 50 MB export never sits in memory twice.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";

export type TextEncoding = "utf-8" | "utf-8 (BOM)" | "utf-16le (BOM)" | "utf-16le" | "utf-16be (BOM)";

export interface EncodingInfo {
  encoding: TextEncoding;
  /** The TextDecoder label. */
  label: "utf-8" | "utf-16le" | "utf-16be";
  bomLength: number;
}

export function detectEncoding(head: Uint8Array): EncodingInfo {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: "utf-8 (BOM)", label: "utf-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: "utf-16le (BOM)", label: "utf-16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { encoding: "utf-16be (BOM)", label: "utf-16be", bomLength: 2 };
  // BOM-less UTF-16LE: ASCII text has a zero in every odd byte.
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 8) {
    let zeros = 0;
    for (let i = 1; i < n; i += 2) if (head[i] === 0 && head[i - 1] !== 0) zeros++;
    if (zeros >= (n / 2) * 0.9) return { encoding: "utf-16le", label: "utf-16le", bomLength: 0 };
  }
  return { encoding: "utf-8", label: "utf-8", bomLength: 0 };
}

function readHeadBytes(path: string, bytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The encoding and the first `bytes` of a file as text (for recognising what kind of artifact it is). */
export function readHead(
  path: string,
  bytes = 64 * 1024,
): { info: EncodingInfo; text: string; size: number } {
  const size = statSync(path).size;
  const head = readHeadBytes(path, bytes);
  const info = detectEncoding(head);
  const body = head.subarray(info.bomLength, head.length - (info.label === "utf-8" ? 0 : head.length % 2));
  const text = new TextDecoder(info.label).decode(body, { stream: true });
  return { info, text, size };
}

/** The file's text as a stream of decoded chunks (the BOM removed). */
export async function* textChunks(
  path: string,
  info: EncodingInfo,
  chunkBytes = 1 << 20,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(info.label, { ignoreBOM: false });
  const stream = createReadStream(path, { start: info.bomLength, highWaterMark: chunkBytes });
  for await (const chunk of stream) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** The whole file as text: for the small artifacts (listings, SDDL, LDIF, facts). */
export async function readAllText(path: string, info: EncodingInfo): Promise<string> {
  const parts: string[] = [];
  for await (const t of textChunks(path, info)) parts.push(t);
  return parts.join("");
}
