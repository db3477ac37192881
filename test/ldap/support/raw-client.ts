/**
 * A raw-socket LDAP client for the robustness tests: sends arbitrary bytes and decodes whatever
 * LDAPMessages come back (with @ldapjs/asn1 directly, independent of the server's decoder).
 */
import net from "node:net";
import { BerReader, BerWriter } from "../../../simulator/ldap/ber/asn1.ts";

export interface RawResponse {
  messageId: number;
  tag: number;
  resultCode?: number;
  matchedDN?: string;
  diagnosticMessage?: string;
  /** ExtendedResponse responseName. */
  responseName?: string;
  /** SearchResultEntry DN. */
  dn?: string;
}

export function parseResponses(buf: Buffer): { messages: RawResponse[]; rest: Buffer } {
  const messages: RawResponse[] = [];
  let off = 0;
  while (off < buf.length) {
    const r = new BerReader(buf.subarray(off));
    if (r.readSequence(0x30) === null) break;
    const total = r.offset + r.length;
    if (total > buf.length - off) break;
    const messageId = readInt(r);
    const tag = r.peek()!;
    const msg: RawResponse = { messageId, tag };
    r.readSequence(tag);
    if (tag === 0x64) {
      msg.dn = r.readString(0x04, true)!.toString("utf8");
    } else if ([0x61, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x78].includes(tag)) {
      msg.resultCode = readInt(r, 0x0a);
      msg.matchedDN = r.readString(0x04, true)!.toString("utf8");
      msg.diagnosticMessage = r.readString(0x04, true)!.toString("utf8");
      if (tag === 0x78 && r.offset < total && r.peek() === 0x8a) {
        msg.responseName = r.readString(0x8a, true)!.toString("utf8");
      }
    }
    messages.push(msg);
    off += total;
  }
  return { messages, rest: buf.subarray(off) };
}

function readInt(r: InstanceType<typeof BerReader>, tag = 0x02): number {
  const v = r.readString(tag, true)!;
  return v.readIntBE(0, v.length);
}

export class RawClient {
  readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  readonly received: RawResponse[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (d: Buffer) => {
      const { messages, rest } = parseResponses(Buffer.concat([this.buf, d]));
      this.buf = Buffer.from(rest);
      this.received.push(...messages);
      this.wake();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until `pred` holds or the socket closes (then resolves anyway; callers assert). */
  async until(pred: (c: RawClient) => boolean): Promise<void> {
    while (!pred(this) && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
  }

  async waitClosed(): Promise<void> {
    await this.until(() => false);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Builders for well-formed requests. */
export function message(messageId: number, writeOp: (w: InstanceType<typeof BerWriter>) => void): Buffer {
  const w = new BerWriter();
  w.startSequence(0x30);
  w.writeInt(messageId);
  writeOp(w);
  w.endSequence();
  return Buffer.from(w.buffer);
}

export function simpleBind(messageId: number, name: string, password: string): Buffer {
  return message(messageId, (w) => {
    w.startSequence(0x60);
    w.writeInt(3);
    w.writeString(name);
    w.writeBuffer(Buffer.from(password), 0x80);
    w.endSequence();
  });
}

/** A SearchRequest for (objectClass=*), all attributes; scope 0 base, 1 one level, 2 subtree (RFC 4511 4.5.1). */
export function writePresentSearch(w: InstanceType<typeof BerWriter>, base: string, scope: 0 | 1 | 2): void {
  w.startSequence(0x63);
  w.writeString(base);
  w.writeEnumeration(scope);
  w.writeEnumeration(0);
  w.writeInt(0);
  w.writeInt(0);
  w.writeBoolean(false);
  w.writeString("objectClass", 0x87);
  w.startSequence(0x30);
  w.endSequence();
  w.endSequence();
}

export function baseSearch(messageId: number, base: string): Buffer {
  return message(messageId, (w) => writePresentSearch(w, base, 0));
}
