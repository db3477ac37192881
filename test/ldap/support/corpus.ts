/**
 * Captures real client traffic for the fuzz test: a recording TCP proxy in front of the server,
 * driven by ldapts, ldapsearch and ldapmodify. Returns the client→server LDAPMessage frames.
 */
import net from "node:net";
import { Attribute, Change, Client, Control } from "ldapts";
import { Framer } from "../../../simulator/ldap/server/framing.ts";
import { requireTool, run } from "../../support/tools.ts";
import { ALICE_DN, ALICE_PASSWORD, BASE_DN, PAGED_OU, USERS_OU } from "./stub-directory.ts";

type BerWriterArg = Parameters<Control["writeControl"]>[0];

/** ldapts' base Control sends no value; this one does (e.g. SD flags, policy hints). */
class ValueControl extends Control {
  constructor(
    oid: string,
    private readonly value: Buffer,
    critical: boolean,
  ) {
    super(oid, { critical });
  }
  protected override writeControl(writer: BerWriterArg): void {
    writer.writeBuffer(this.value, 0x04);
  }
}

async function recordingProxy(targetPort: number) {
  const streams: Buffer[][] = [];
  const server = net.createServer((client) => {
    const chunks: Buffer[] = [];
    streams.push(chunks);
    const upstream = net.connect(targetPort, "127.0.0.1");
    client.on("data", (d: Buffer) => {
      chunks.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => client.write(d));
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    frames(): Buffer[] {
      const out: Buffer[] = [];
      for (const chunks of streams) {
        try {
          out.push(...new Framer(1 << 24).push(Buffer.concat(chunks)));
        } catch {
          // a stream that is not LDAP (e.g. after StartTLS) contributes its frames up to there
        }
      }
      return out;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function captureCorpus(serverPort: number): Promise<Buffer[]> {
  requireTool("ldapsearch", "Debian package ldap-utils");
  const proxy = await recordingProxy(serverPort);
  const url = `ldap://127.0.0.1:${proxy.port}`;
  const c = new Client({ url });
  const sdFlags = new ValueControl("1.2.840.113556.1.4.801", Buffer.from("3003020104", "hex"), true);
  const hints = new ValueControl("1.2.840.113556.1.4.2239", Buffer.from("3003020101", "hex"), false);
  try {
    await c.bind(ALICE_DN, ALICE_PASSWORD);
    await c.bind("alice@contoso.com", ALICE_PASSWORD);
    await c.bind("CONTOSO\\alice", ALICE_PASSWORD);
    await c.bindSASL("PLAIN", "\0alice\0x").catch(() => {});
    await c.search(BASE_DN, {
      scope: "sub",
      filter:
        "(&(objectClass=user)(|(cn=Al*ce)(sn>=B)(sn<=Z)(givenName~=alyce))(!(userAccountControl:1.2.840.113556.1.4.803:=2))(memberOf:1.2.840.113556.1.4.1941:=CN=Admins,DC=contoso,DC=com)(cn:dn:=Alice)(description=*office*))",
      attributes: ["cn", "objectSid", "nTSecurityDescriptor", "*", "+"],
      sizeLimit: 10,
      timeLimit: 5,
    });
    await c.search(`<GUID=9f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8>`, { scope: "base", attributes: ["1.1"] }, [
      sdFlags,
    ]);
    for await (const _ of c.searchPaginated(PAGED_OU, { scope: "one", paged: { pageSize: 3 } })) {
      // three pages, each with a cookie
    }
    await c
      .modify(
        ALICE_DN,
        [
          new Change({
            operation: "replace",
            modification: new Attribute({
              type: "unicodePwd",
              values: [Buffer.from('"Pässw0rd€"', "utf16le")],
            }),
          }),
          new Change({
            operation: "delete",
            modification: new Attribute({ type: "unicodePwd", values: [Buffer.from('"old"', "utf16le")] }),
          }),
          new Change({
            operation: "add",
            modification: new Attribute({ type: "description", values: ["one", "two"] }),
          }),
        ],
        [hints, sdFlags],
      )
      .catch(() => {});
    await c
      .add(`CN=Fuzzy,${USERS_OU}`, { objectClass: ["top", "user"], sAMAccountName: "fuzzy" })
      .catch(() => {});
    await c.compare(`CN=Fuzzy,${USERS_OU}`, "sAMAccountName", "fuzzy").catch(() => {});
    await c.modifyDN(`CN=Fuzzy,${USERS_OU}`, `CN=Fuzzy2,${USERS_OU}`).catch(() => {});
    await c.del(`CN=Fuzzy2,${USERS_OU}`).catch(() => {});
    await c.exop("1.3.6.1.4.1.4203.1.11.3").catch(() => {});
    await c.exop("1.3.6.1.4.1.4203.1.11.1", "value").catch(() => {});
  } finally {
    await c.unbind().catch(() => {});
  }
  await run("ldapsearch", [
    "-x",
    "-D",
    ALICE_DN,
    "-w",
    ALICE_PASSWORD,
    "-H",
    url,
    "-b",
    PAGED_OU,
    "-s",
    "one",
    "-E",
    "pr=2/noprompt",
    "-E",
    "!1.2.840.113556.1.4.801=::MAMCAQQ=",
    "(|(cn=Paged0*)(&(objectClass=user)(!(cn=x))))",
    "cn",
    "objectGUID",
  ]);
  await run(
    "ldapmodify",
    [
      "-x",
      "-D",
      ALICE_DN,
      "-w",
      ALICE_PASSWORD,
      "-H",
      url,
      "-e",
      "assert=(cn=Alice)",
      "-e",
      "manageDSAit",
      "-e",
      "preread=cn,description",
    ],
    {
      input: `dn: ${ALICE_DN}\nchangetype: modify\nreplace: description\ndescription:: ${Buffer.from("Zürich ☃").toString("base64")}\n-\n`,
    },
  );
  await proxy.close();
  return proxy.frames();
}
