import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attribute, Change, Client } from "ldapts";
import { describe, expect, it } from "vitest";
import { startWbsimServe } from "../support/wbsim.ts";

const quoted = (pw: string) => Buffer.from(`"${pw}"`, "utf16le");

async function withClient<T>(
  url: string,
  name: string,
  password: string,
  fn: (c: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
  await client.bind(name, password);
  try {
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

describe("wbsim serve --state", () => {
  it("keeps every acknowledged write across a kill -9 and a restart, and never stores a password", async () => {
    const state = join(mkdtempSync(join(tmpdir(), "wbsim-state-")), "lab.state");
    const first = await startWbsimServe(["--state", state]);
    const ldaps = first.url("LDAPS");
    await withClient(ldaps, "CONTOSO\\Administrator", "Adm1n!Passw0rd", async (c) => {
      await c.modify(
        "CN=alice,OU=Staff,DC=contoso,DC=com",
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "unicodePwd", values: [quoted("Kept!Passw0rd#9")] }),
        }),
      );
      await c.modify(
        "CN=dave,OU=Sales,DC=contoso,DC=com",
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "description", values: ["written before the crash"] }),
        }),
      );
    });
    const killed = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await killed;

    const persisted = readFileSync(state);
    expect(persisted.includes("Kept!Passw0rd#9")).toBe(false);
    expect(persisted.includes(quoted("Kept!Passw0rd#9"))).toBe(false);

    const second = await startWbsimServe(["--state", state]);
    try {
      const url = second.url("LDAPS");
      const description = await withClient(url, "alice@contoso.com", "Kept!Passw0rd#9", async (c) => {
        const { searchEntries } = await c.search("CN=dave,OU=Sales,DC=contoso,DC=com", {
          scope: "base",
          attributes: ["description"],
        });
        return searchEntries[0].description;
      });
      expect(description).toBe("written before the crash");
      await expect(
        withClient(url, "alice@contoso.com", "Alice!Passw0rd1", async () => undefined),
      ).rejects.toThrow(/data 52e/);
    } finally {
      second.child.kill("SIGKILL");
    }
  });
});
