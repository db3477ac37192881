/**
 * The Windows personality is checked against something independent of itself (issue 17 item 10):
 * every catalogue entry has a row in test/personality/windows-evidence.ts naming its source or saying
 * UNVERIFIED; the catalogue produces exactly the code and message literals of that table; quoted rows
 * are word for word in docs/reference/; and a mutation of any entry's code or message is caught.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ERROR_KEYS,
  type ErrorKey,
  type MessageTemplate,
  makePersonality,
  type Personality,
} from "../../simulator/personality/catalogue.ts";
import { windowsPersonality } from "../../simulator/personality/windows.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import { EVIDENCE_ARGS, WINDOWS_EVIDENCE } from "./windows-evidence.ts";

/** The entries of `personality` whose code, message or matchedDN differ from the evidence table. */
function disagreements(personality: Personality): ErrorKey[] {
  return ERROR_KEYS.filter((key) => {
    const want = WINDOWS_EVIDENCE[key];
    const got = personality.result(key, EVIDENCE_ARGS);
    return (
      got.resultCode !== want.code ||
      got.diagnosticMessage !== want.message ||
      got.matchedDN !== (want.matchedDN ?? "")
    );
  });
}

describe("the Windows personality's evidence table", () => {
  it("has one row per catalogue entry, each with a source or UNVERIFIED", () => {
    expect(Object.keys(WINDOWS_EVIDENCE).sort()).toEqual([...ERROR_KEYS].sort());
    const bare = ERROR_KEYS.filter(
      (k) => !WINDOWS_EVIDENCE[k].source?.trim() && !WINDOWS_EVIDENCE[k].unverified?.trim(),
    );
    expect(bare, "entries with neither a source nor the UNVERIFIED mark").toEqual([]);
    for (const k of ERROR_KEYS) {
      const s = WINDOWS_EVIDENCE[k].source;
      if (s) expect(s, k).toMatch(/^(capture|fixture|doc): .+/);
    }
  });

  it("the catalogue answers exactly the codes and messages of the table", () => {
    expect(disagreements(windowsPersonality)).toEqual([]);
  });

  it("the complexity violation is 19 with the 0000052D AtrErr the notes quote", () => {
    const r = windowsPersonality.result("CONSTRAINT_PASSWORD_COMPLEXITY", EVIDENCE_ARGS);
    expect(r.resultCode).toBe(WINDOWS_EVIDENCE.CONSTRAINT_PASSWORD_COMPLEXITY.code);
    expect(WINDOWS_EVIDENCE.CONSTRAINT_PASSWORD_COMPLEXITY.code).toBe(19);
  });

  it("rows marked quoted are word for word in docs/reference/", () => {
    const notes = ["sspr-writeback-facts.md", "samba-observations.md", "fidelity-audit.md"]
      .map((f) => readFileSync(join(import.meta.dirname, "../../docs/reference", f), "utf8"))
      .join("\n");
    const quoted = ERROR_KEYS.filter((k) => WINDOWS_EVIDENCE[k].quoted);
    expect(quoted.length).toBeGreaterThan(5);
    for (const k of quoted) {
      // The notes write a message's line breaks and tabs as \n and \t, and leave out the trailing one.
      const text = WINDOWS_EVIDENCE[k].message.replace(/\n$/, "").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
      expect(notes, k).toContain(text);
    }
  });

  it.each(ERROR_KEYS)("a mutated %s (code or message) is caught", (key) => {
    const mutate = (change: (t: MessageTemplate) => MessageTemplate): Personality =>
      makePersonality("windows", windowsPersonality.quirks, {
        ...windowsPersonality.templates,
        [key]: change(windowsPersonality.templates[key]),
      });
    const code = mutate((t) => ({ ...t, code: t.code === 53 ? 19 : 53 }));
    const message = mutate((t) => ({ ...t, message: (a) => `${t.message(a)}x` }));
    expect(disagreements(code)).toEqual([key]);
    expect(disagreements(message)).toEqual([key]);
  });
});

describe("over the wire, a Windows DC answers with the table's literals", () => {
  const USER = "CN=alice,OU=Staff,DC=contoso,DC=com";
  const quoted = (p: string) => Buffer.from(`"${p}"`, "utf16le");
  let dc: FakeDc;
  beforeAll(async () => {
    dc = await startFakeDc({ personality: "windows", allowCleartextSimpleBind: true });
  });
  afterAll(() => dc.close());

  async function answer(url: string, user: string, password: string, act: (c: Client) => Promise<unknown>) {
    const client = new Client(
      url.startsWith("ldaps:") ? { url, tlsOptions: { rejectUnauthorized: false } } : { url },
    );
    try {
      await client.bind(user, password);
      await act(client);
      return { code: 0, message: "" };
    } catch (e) {
      // ldapts appends " Code: 0x…" to the diagnostic message.
      return {
        code: (e as { code: number }).code,
        message: (e as Error).message.replace(/ Code: 0x[0-9a-f]+$/i, ""),
      };
    } finally {
      await client.unbind().catch(() => {});
    }
  }
  const expectKey = (got: { code: number; message: string }, key: ErrorKey) =>
    expect(got).toEqual({ code: WINDOWS_EVIDENCE[key].code, message: WINDOWS_EVIDENCE[key].message });

  it("reset without the right, a too simple password, a wrong old password, a cleartext write, a bad bind", async () => {
    const reset = (value: string) => (c: Client) =>
      c.modify(
        USER,
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "unicodePwd", values: [quoted(value)] }),
        }),
      );
    expectKey(
      await answer(dc.ldapsUrl, "MSOL_0123456789ab@contoso.com", "Msol!Passw0rd#1", reset("N3w!Passw0rd#1")),
      "INSUFF_ACCESS_RIGHTS_RESET",
    );
    expectKey(
      await answer(dc.ldapsUrl, dc.adminDn, dc.adminPassword, reset("simple")),
      "CONSTRAINT_PASSWORD_COMPLEXITY",
    );
    expectKey(
      await answer(dc.ldapUrl, dc.adminDn, dc.adminPassword, reset("N3w!Passw0rd#1")),
      "PASSWORD_CONFIDENTIALITY_REQUIRED",
    );
    const change = (c: Client) =>
      c.modify(USER, [
        new Change({
          operation: "delete",
          modification: new Attribute({ type: "unicodePwd", values: [quoted("Wrong!Passw0rd1")] }),
        }),
        new Change({
          operation: "add",
          modification: new Attribute({ type: "unicodePwd", values: [quoted("N3w!Passw0rd#2")] }),
        }),
      ]);
    expectKey(
      await answer(dc.ldapsUrl, "alice@contoso.com", "Alice!Passw0rd1", change),
      "PASSWORD_WRONG_OLD",
    );
    expectKey(
      await answer(dc.ldapsUrl, "alice@contoso.com", "not her password", async () => {}),
      "BIND_INVALID_CREDENTIALS",
    );
  });
});
