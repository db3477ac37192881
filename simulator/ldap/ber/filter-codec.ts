/**
 * Search filters (RFC 4511 §4.5.1) to and from the Filter AST of simulator/directory/api.ts.
 * Assertion values stay Buffers; attribute descriptions keep the client's case.
 */
import type { Filter } from "../../directory/api.ts";
import type { BerReaderLike, BerWriterLike } from "./asn1.ts";
import {
  BerDecodeError,
  boolean,
  enter,
  expectEnd,
  hasMore,
  octets,
  peekTag,
  utf8,
} from "./reader-helpers.ts";

export const FilterTag = {
  and: 0xa0,
  or: 0xa1,
  not: 0xa2,
  equality: 0xa3,
  substrings: 0xa4,
  greaterOrEqual: 0xa5,
  lessOrEqual: 0xa6,
  present: 0x87,
  approxMatch: 0xa8,
  extensible: 0xa9,
} as const;

/** Deeper nesting than any real client sends; bounds recursion on hostile input. */
const MAX_DEPTH = 64;

export function decodeFilter(r: BerReaderLike, limit: number, depth = 0): Filter {
  if (depth > MAX_DEPTH) throw new BerDecodeError("filter nested too deeply");
  const tag = peekTag(r, limit);
  switch (tag) {
    case FilterTag.and:
    case FilterTag.or: {
      const end = enter(r, tag, limit);
      const filters: Filter[] = [];
      while (hasMore(r, end)) filters.push(decodeFilter(r, end, depth + 1));
      return { type: tag === FilterTag.and ? "and" : "or", filters };
    }
    case FilterTag.not: {
      const end = enter(r, tag, limit);
      const filter = decodeFilter(r, end, depth + 1);
      expectEnd(r, end, "not filter");
      return { type: "not", filter };
    }
    case FilterTag.equality:
    case FilterTag.greaterOrEqual:
    case FilterTag.lessOrEqual:
    case FilterTag.approxMatch: {
      const end = enter(r, tag, limit);
      const attribute = utf8(r, 0x04, end);
      const value = octets(r, 0x04, end);
      expectEnd(r, end, "attribute value assertion");
      const type =
        tag === FilterTag.equality
          ? "equality"
          : tag === FilterTag.greaterOrEqual
            ? "greaterOrEqual"
            : tag === FilterTag.lessOrEqual
              ? "lessOrEqual"
              : "approxMatch";
      return { type, attribute, value };
    }
    case FilterTag.present:
      return { type: "present", attribute: utf8(r, FilterTag.present, limit) };
    case FilterTag.substrings:
      return decodeSubstrings(r, limit);
    case FilterTag.extensible:
      return decodeExtensible(r, limit);
    default:
      throw new BerDecodeError(`unknown filter choice 0x${tag.toString(16)}`);
  }
}

function decodeSubstrings(r: BerReaderLike, limit: number): Filter {
  const end = enter(r, FilterTag.substrings, limit);
  const attribute = utf8(r, 0x04, end);
  const seqEnd = enter(r, 0x30, end);
  let initial: Buffer | undefined;
  let final: Buffer | undefined;
  const any: Buffer[] = [];
  let count = 0;
  while (hasMore(r, seqEnd)) {
    const t = peekTag(r, seqEnd);
    const v = octets(r, t, seqEnd);
    // RFC 4511 §4.5.1.7.2: initial at most once and first, final at most once and last.
    if (final !== undefined) throw new BerDecodeError("substring after final");
    if (t === 0x80) {
      if (count !== 0) throw new BerDecodeError("initial substring not first");
      initial = v;
    } else if (t === 0x81) any.push(v);
    else if (t === 0x82) final = v;
    else throw new BerDecodeError(`unknown substring choice 0x${t.toString(16)}`);
    count++;
  }
  if (count === 0) throw new BerDecodeError("empty substrings filter");
  expectEnd(r, end, "substrings filter");
  const filter: Filter = { type: "substrings", attribute, any };
  if (initial !== undefined) filter.initial = initial;
  if (final !== undefined) filter.final = final;
  return filter;
}

function decodeExtensible(r: BerReaderLike, limit: number): Filter {
  const end = enter(r, FilterTag.extensible, limit);
  let matchingRule: string | undefined;
  let attribute: string | undefined;
  if (hasMore(r, end) && peekTag(r, end) === 0x81) matchingRule = utf8(r, 0x81, end);
  if (hasMore(r, end) && peekTag(r, end) === 0x82) attribute = utf8(r, 0x82, end);
  const value = octets(r, 0x83, end);
  let dnAttributes = false;
  if (hasMore(r, end)) dnAttributes = boolean(r, 0x84, end);
  expectEnd(r, end, "extensible match filter");
  // RFC 4511 §4.5.1.7.7: without a matching rule the type must be present.
  if (matchingRule === undefined && attribute === undefined) {
    throw new BerDecodeError("extensible match without matchingRule or type");
  }
  const filter: Filter = { type: "extensible", value, dnAttributes };
  if (matchingRule !== undefined) filter.matchingRule = matchingRule;
  if (attribute !== undefined) filter.attribute = attribute;
  return filter;
}

/** Encodes a Filter (used by tests and tools that build requests; the server only decodes). */
export function encodeFilter(w: BerWriterLike, f: Filter): void {
  switch (f.type) {
    case "and":
    case "or":
      w.startSequence(FilterTag[f.type]);
      for (const sub of f.filters) encodeFilter(w, sub);
      w.endSequence();
      return;
    case "not":
      w.startSequence(FilterTag.not);
      encodeFilter(w, f.filter);
      w.endSequence();
      return;
    case "equality":
    case "greaterOrEqual":
    case "lessOrEqual":
    case "approxMatch":
      w.startSequence(FilterTag[f.type]);
      w.writeString(f.attribute);
      w.writeBuffer(f.value, 0x04);
      w.endSequence();
      return;
    case "present":
      w.writeString(f.attribute, FilterTag.present);
      return;
    case "substrings":
      w.startSequence(FilterTag.substrings);
      w.writeString(f.attribute);
      w.startSequence(0x30);
      if (f.initial !== undefined) w.writeBuffer(f.initial, 0x80);
      for (const a of f.any) w.writeBuffer(a, 0x81);
      if (f.final !== undefined) w.writeBuffer(f.final, 0x82);
      w.endSequence();
      w.endSequence();
      return;
    case "extensible":
      w.startSequence(FilterTag.extensible);
      if (f.matchingRule !== undefined) w.writeString(f.matchingRule, 0x81);
      if (f.attribute !== undefined) w.writeString(f.attribute, 0x82);
      w.writeBuffer(f.value, 0x83);
      if (f.dnAttributes) w.writeBoolean(true, 0x84);
      w.endSequence();
      return;
  }
}
