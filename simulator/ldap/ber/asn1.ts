/**
 * Typed access to @ldapjs/asn1's BerReader/BerWriter. The package ships no type declarations, so
 * we load it through createRequire and describe only the members we use (rather than declaring an
 * ambient module that could clash with another area's declaration).
 */
import { createRequire } from "node:module";

export interface BerReaderLike {
  readonly buffer: Buffer;
  readonly offset: number;
  /** Length of the field whose header was read last. */
  readonly length: number;
  readonly remain: number;
  peek(): number | null;
  readByte(peek?: boolean): number | null;
  /** Reads a tag + length header and leaves the offset at the value; null when truncated. */
  readSequence(tag?: number): number | null;
  readString(tag: number, asBuffer: true): Buffer | null;
  readString(tag?: number, asBuffer?: false): string | null;
  readTag(tag: number): Buffer | null;
  readLength(offset?: number): number | null;
  setOffset(position: number): void;
}

export interface BerWriterLike {
  readonly buffer: Buffer;
  startSequence(tag?: number): void;
  endSequence(): void;
  writeString(value: string, tag?: number): void;
  writeBuffer(value: Buffer, tag: number): void;
  writeInt(value: number, tag?: number): void;
  writeEnumeration(value: number, tag?: number): void;
  writeBoolean(value: boolean, tag?: number): void;
  writeByte(value: number): void;
  writeLength(length: number): void;
  appendBuffer(value: Buffer): void;
}

interface Asn1Module {
  BerReader: new (buffer: Buffer) => BerReaderLike;
  BerWriter: new (opts?: { size?: number; growthFactor?: number }) => BerWriterLike;
}

const asn1 = createRequire(import.meta.url)("@ldapjs/asn1") as Asn1Module;

export const BerReader = asn1.BerReader;
export const BerWriter = asn1.BerWriter;
