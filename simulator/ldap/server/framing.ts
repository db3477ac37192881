/**
 * Cuts the byte stream of one connection into complete LDAPMessage frames (RFC 4511 §5.1: each
 * message is one BER SEQUENCE with a definite length). Only the outer header is examined here;
 * the decoder checks the inside. Frames are views into the received chunks, so the common case
 * (whole messages in one chunk) copies nothing.
 */

export class FramingError extends Error {
  constructor(
    message: string,
    /** True when the frame was well formed but larger than the configured limit. */
    readonly oversize = false,
  ) {
    super(message);
    this.name = "FramingError";
  }
}

const NO_FRAMES: Buffer[] = [];

export class Framer {
  private chunks: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes needed before parsing is worth retrying (0: unknown, retry on any data). */
  private needed = 0;

  private readonly maxMessageSize: () => number;

  /** A function is read at each message header, so a policy change applies at once. */
  constructor(maxMessageSize: number | (() => number)) {
    this.maxMessageSize = typeof maxMessageSize === "number" ? () => maxMessageSize : maxMessageSize;
  }

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pendingLength;
  }

  /** Adds received bytes; returns the frames completed by them. Throws FramingError. */
  push(chunk: Buffer): Buffer[] {
    let buf: Buffer;
    if (this.pendingLength === 0) {
      buf = chunk;
    } else {
      this.chunks.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < this.needed) return NO_FRAMES;
      buf = Buffer.concat(this.chunks, this.pendingLength);
      this.chunks = [];
      this.pendingLength = 0;
    }
    let frames: Buffer[] = NO_FRAMES;
    let off = 0;
    this.needed = 0;
    while (off < buf.length) {
      const total = this.frameLength(buf, off);
      if (total === undefined) break;
      if (buf.length - off < total) {
        this.needed = total;
        break;
      }
      if (frames === NO_FRAMES) frames = [];
      frames.push(buf.subarray(off, off + total));
      off += total;
    }
    if (off < buf.length) {
      const rest = buf.subarray(off);
      this.chunks = [rest];
      this.pendingLength = rest.length;
    }
    return frames;
  }

  /** Length of the frame starting at `off` including its header, or undefined if the header is incomplete. */
  private frameLength(buf: Buffer, off: number): number | undefined {
    if (buf[off] !== 0x30) {
      throw new FramingError(
        `LDAPMessage must start with a SEQUENCE, found 0x${buf[off].toString(16).padStart(2, "0")}`,
      );
    }
    if (buf.length - off < 2) return undefined;
    const first = buf[off + 1];
    let header = 2;
    let length = first;
    if (first & 0x80) {
      const n = first & 0x7f;
      if (n === 0) throw new FramingError("indefinite length is not allowed in LDAP (RFC 4511 §5.1)");
      if (n > 4) throw new FramingError(`length of ${n} bytes`);
      if (buf.length - off < 2 + n) return undefined;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + buf[off + 2 + i];
      header = 2 + n;
    }
    const total = header + length;
    const max = this.maxMessageSize();
    if (total > max) {
      throw new FramingError(`message of ${total} bytes exceeds the limit of ${max}`, true);
    }
    return total;
  }
}
