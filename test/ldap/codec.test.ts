/** The BER codec on its own: filters round-trip, every request decodes, framing is chunking-proof. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Filter } from "../../simulator/directory/api.ts";
import { BerReader, BerWriter } from "../../simulator/ldap/ber/asn1.ts";
import { decodePagedResultsValue, encodePagedResultsValue } from "../../simulator/ldap/ber/controls-codec.ts";
import { decodeFilter, encodeFilter } from "../../simulator/ldap/ber/filter-codec.ts";
import { decodeRequest } from "../../simulator/ldap/protocol/decode-request.ts";
import { encodeResponse } from "../../simulator/ldap/protocol/encode-response.ts";
import { Framer } from "../../simulator/ldap/server/framing.ts";
import { message, parseResponses } from "./support/raw-client.ts";

const attr = fc.constantFrom("cn", "objectClass", "userAccountControl", "memberOf", "CN", "unicodePwd");
const value = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    type: fc.constantFrom("equality", "greaterOrEqual", "lessOrEqual", "approxMatch"),
    attribute: attr,
    value,
  }) as fc.Arbitrary<Filter>,
  fc.record({ type: fc.constant("present"), attribute: attr }) as fc.Arbitrary<Filter>,
  fc
    .record({
      attribute: attr,
      initial: fc.option(value, { nil: undefined }),
      any: fc.array(value, { maxLength: 3 }),
      final: fc.option(value, { nil: undefined }),
    })
    .filter((s) => s.initial !== undefined || s.any.length > 0 || s.final !== undefined)
    .map((s) => {
      const f: Filter = { type: "substrings", attribute: s.attribute, any: s.any };
      if (s.initial !== undefined) f.initial = s.initial;
      if (s.final !== undefined) f.final = s.final;
      return f;
    }),
  fc
    .record({
      matchingRule: fc.option(
        fc.constantFrom("1.2.840.113556.1.4.803", "1.2.840.113556.1.4.804", "1.2.840.113556.1.4.1941"),
        { nil: undefined },
      ),
      attribute: fc.option(attr, { nil: undefined }),
      value,
      dnAttributes: fc.boolean(),
    })
    .filter((e) => e.matchingRule !== undefined || e.attribute !== undefined)
    .map((e) => {
      const f: Filter = { type: "extensible", value: e.value, dnAttributes: e.dnAttributes };
      if (e.matchingRule !== undefined) f.matchingRule = e.matchingRule;
      if (e.attribute !== undefined) f.attribute = e.attribute;
      return f;
    }),
);
const filter: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      type: fc.constantFrom("and", "or"),
      filters: fc.array(tie("f"), { maxLength: 3 }),
    }) as fc.Arbitrary<Filter>,
    fc.record({ type: fc.constant("not"), filter: tie("f") }) as fc.Arbitrary<Filter>,
  ),
})).f;

describe("filter codec", () => {
  it("decode(encode(f)) = f for every filter", () => {
    fc.assert(
      fc.property(filter, (f) => {
        const w = new BerWriter();
        encodeFilter(w, f);
        const bytes = Buffer.from(w.buffer);
        const r = new BerReader(bytes);
        expect(decodeFilter(r, bytes.length)).toEqual(f);
        expect(r.offset).toBe(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses filters nested deeper than 64", () => {
    let f: Filter = { type: "present", attribute: "cn" };
    for (let i = 0; i < 100; i++) f = { type: "not", filter: f };
    const w = new BerWriter();
    encodeFilter(w, f);
    expect(() => decodeFilter(new BerReader(Buffer.from(w.buffer)), w.buffer.length)).toThrow(
      /nested too deeply/,
    );
  });
});

describe("request decoding", () => {
  it("decodes SASL binds with and without credentials, and other authentication choices as SASL", () => {
    const sasl = (cred?: Buffer) =>
      message(1, (w) => {
        w.startSequence(0x60);
        w.writeInt(3);
        w.writeString("");
        w.startSequence(0xa3);
        w.writeString("GSS-SPNEGO");
        if (cred) w.writeBuffer(cred, 0x04);
        w.endSequence();
        w.endSequence();
      });
    expect(decodeRequest(sasl(Buffer.from([0x60, 0x82, 0xff])))).toMatchObject({
      ok: true,
      request: {
        operation: {
          type: "bind",
          authentication: {
            kind: "sasl",
            mechanism: "GSS-SPNEGO",
            credentials: Buffer.from([0x60, 0x82, 0xff]),
          },
        },
      },
    });
    expect(decodeRequest(sasl())).toMatchObject({
      ok: true,
      request: { operation: { authentication: { kind: "sasl", mechanism: "GSS-SPNEGO" } } },
    });
    const sicily = message(2, (w) => {
      w.startSequence(0x60);
      w.writeInt(3);
      w.writeString("");
      w.writeBuffer(Buffer.from("NTLMSSP"), 0x8a);
      w.endSequence();
    });
    expect(decodeRequest(sicily)).toMatchObject({
      ok: true,
      request: { operation: { authentication: { kind: "sasl", mechanism: "[10]" } } },
    });
  });

  it("decodes modifyDN with newSuperior, compare, extended with a value, abandon, and controls", () => {
    const modDn = message(3, (w) => {
      w.startSequence(0x6c);
      w.writeString("CN=A,DC=x");
      w.writeString("CN=B");
      w.writeBoolean(true);
      w.writeString("OU=New,DC=x", 0x80);
      w.endSequence();
      w.startSequence(0xa0);
      w.startSequence(0x30);
      w.writeString("1.2.840.113556.1.4.805");
      w.writeBoolean(true);
      w.endSequence();
      w.startSequence(0x30);
      w.writeString("1.2.840.113556.1.4.801");
      w.writeBuffer(Buffer.from("3003020104", "hex"), 0x04);
      w.endSequence();
      w.endSequence();
    });
    expect(decodeRequest(modDn)).toEqual({
      ok: true,
      request: {
        messageId: 3,
        operation: {
          type: "modifyDN",
          dn: "CN=A,DC=x",
          newRdn: "CN=B",
          deleteOldRdn: true,
          newSuperior: "OU=New,DC=x",
        },
        controls: [
          { oid: "1.2.840.113556.1.4.805", critical: true },
          { oid: "1.2.840.113556.1.4.801", critical: false, value: Buffer.from("3003020104", "hex") },
        ],
      },
    });
    const compare = message(4, (w) => {
      w.startSequence(0x6e);
      w.writeString("CN=A,DC=x");
      w.startSequence(0x30);
      w.writeString("objectSid");
      w.writeBuffer(Buffer.from([1, 5, 0xff]), 0x04);
      w.endSequence();
      w.endSequence();
    });
    expect(decodeRequest(compare)).toMatchObject({
      ok: true,
      request: { operation: { type: "compare", attribute: "objectSid", value: Buffer.from([1, 5, 0xff]) } },
    });
    const ext = message(5, (w) => {
      w.startSequence(0x77);
      w.writeString("1.3.6.1.4.1.4203.1.11.1", 0x80);
      w.writeBuffer(Buffer.from([0x30, 0x00]), 0x81);
      w.endSequence();
    });
    expect(decodeRequest(ext)).toMatchObject({
      ok: true,
      request: {
        operation: { type: "extended", oid: "1.3.6.1.4.1.4203.1.11.1", value: Buffer.from([0x30, 0]) },
      },
    });
    expect(decodeRequest(message(6, (w) => w.writeInt(5, 0x50)))).toMatchObject({
      ok: true,
      request: { operation: { type: "abandon", abandonId: 5 } },
    });
  });

  it("reports what it understood of a broken message", () => {
    const truncated = message(9, (w) => {
      w.startSequence(0x66);
      w.writeString("CN=A,DC=x");
      w.endSequence();
    });
    expect(decodeRequest(truncated)).toMatchObject({ ok: false, messageId: 9, operation: "modify" });
    expect(decodeRequest(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toMatchObject({
      ok: false,
      messageId: undefined,
    });
    const trailing = Buffer.concat([
      message(1, (w) => w.writeBuffer(Buffer.alloc(0), 0x42)),
      Buffer.from([0]),
    ]);
    expect(decodeRequest(trailing).ok).toBe(false);
    const negativeId = Buffer.from([0x30, 0x05, 0x02, 0x01, 0xff, 0x42, 0x00]);
    expect(decodeRequest(negativeId)).toMatchObject({ ok: false, messageId: undefined });
  });
});

describe("response encoding", () => {
  it("drops values for typesOnly, writes references before the done, and the paged value round-trips", () => {
    const bytes = encodeResponse(
      7,
      "search",
      {
        entries: [{ dn: "CN=A", attributes: [{ type: "cn", values: [Buffer.from("A")] }] }],
        references: ["ldap://other/DC=x", "ldap://third/DC=y"],
        result: { resultCode: 0, matchedDN: "", diagnosticMessage: "" },
      },
      true,
    )!;
    const { messages, rest } = parseResponses(bytes);
    expect(rest.length).toBe(0);
    expect(messages.map((m) => m.tag)).toEqual([0x64, 0x73, 0x73, 0x65]);
    expect(bytes.includes(Buffer.from([0x31, 0x00]))).toBe(true);
    const v = { size: 12345, cookie: Buffer.from([0, 1, 2, 0xff]) };
    expect(decodePagedResultsValue(encodePagedResultsValue(v))).toEqual(v);
    expect(encodeResponse(1, "unbind", {})).toBeUndefined();
  });
});

describe("framing", () => {
  it("cuts the same frames whatever the chunking", () => {
    const frames = [1, 2, 3].map((id) => message(id, (w) => w.writeBuffer(Buffer.alloc(id * 100, id), 0x4a)));
    const stream = Buffer.concat(frames);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const framer = new Framer(1 << 20);
        const out: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          out.push(...framer.push(stream.subarray(prev, p)));
          prev = p;
        }
        expect(out).toEqual(frames);
        expect(framer.buffered).toBe(0);
      }),
    );
  });
});
