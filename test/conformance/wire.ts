/**
 * LDAP client helpers for the conformance suite (ldapts underneath). Every call returns what the
 * server said — result code and diagnosticMessage, exactly — instead of throwing, because the
 * message is part of what we compare. ldapts hides the diagnosticMessage of successful operations
 * (Samba and Windows send "00000000: Success"), so modify and bind go through ldapts' internal
 * request path to read the full response.
 */
import {
  Attribute,
  BerWriter,
  BindRequest,
  Change,
  Client,
  Control,
  ModifyRequest,
  ResultCodeError,
  type SearchOptions,
} from "ldapts";

export interface Outcome {
  code: number;
  message: string;
  data?: unknown;
}

/** What an operation needs to know about the DC under test (the fake DC or the Samba container). */
export interface ConformanceTarget {
  ldapUrl: string;
  ldapsUrl: string;
  baseDn: string;
  domainSid: string;
  adminDn: string;
  adminPassword: string;
}

export const OID_SD_FLAGS = "1.2.840.113556.1.4.801";
export const OID_POLICY_HINTS = "1.2.840.113556.1.4.2239";
export const OID_POLICY_HINTS_DEPRECATED = "1.2.840.113556.1.4.2066";

/** A control whose value is SEQUENCE { INTEGER n } (SD flags MS-ADTS 3.1.1.3.4.1.11, policy hints 3.1.1.3.4.1.35). */
export class IntegerSequenceControl extends Control {
  constructor(
    oid: string,
    private readonly n: number,
    critical: boolean,
  ) {
    super(oid, { critical });
  }
  protected override writeControl(writer: BerWriter): void {
    const inner = new BerWriter();
    inner.startSequence();
    inner.writeInt(this.n);
    inner.endSequence();
    writer.writeBuffer(inner.buffer, 0x04);
  }
}

export const sdFlags = (flags: number) => new IntegerSequenceControl(OID_SD_FLAGS, flags, true);

interface RawResponse {
  status: number;
  errorMessage: string;
  matchedDN?: string;
}
/** The parts of ldapts' Client used to read full responses (not in its public typings). */
interface RawClient {
  _connect(): Promise<void>;
  _nextMessageId(): number;
  _send(message: unknown): Promise<RawResponse | undefined>;
  isConnected: boolean;
}

/** A client for ldap:// or ldaps:// (self-signed certificates accepted). No TLS options for ldap://:
 * ldapts would otherwise speak TLS on the cleartext port. */
export function connect(url: string): Client {
  const tls = url.startsWith("ldaps:") ? { tlsOptions: { rejectUnauthorized: false } } : {};
  return new Client({ url, timeout: 20_000, connectTimeout: 10_000, ...tls });
}

/** Sends a request and returns the server's result, or a pseudo-outcome when the connection died. */
async function sendRaw(client: Client, build: (messageId: number) => unknown): Promise<Outcome> {
  const raw = client as unknown as RawClient;
  try {
    if (!raw.isConnected) await raw._connect();
    const res = await raw._send(build(raw._nextMessageId()));
    if (!res) return { code: -1, message: "no response" };
    const out: Outcome = { code: res.status, message: res.errorMessage ?? "" };
    if (res.matchedDN) out.data = { matchedDN: res.matchedDN };
    return out;
  } catch (e) {
    return connectionFailure(e);
  }
}

/** Code -1 marks "no LDAP result" (e.g. the server closed the connection). */
export function connectionFailure(e: unknown): Outcome {
  // ldapts appends " Code: 0x<code>" to the server's diagnosticMessage; strip it back off.
  if (e instanceof ResultCodeError)
    return { code: e.code, message: e.message.replace(/ ?Code: 0x[0-9a-f]+$/, "") };
  if (process.env.WBSIM_CONFORMANCE_DEBUG) console.error(e);
  return { code: -1, message: `no LDAP result: ${(e as Error).name}` };
}

export function bind(
  client: Client,
  dn: string,
  password: string,
  controls: Control[] = [],
): Promise<Outcome> {
  return sendRaw(client, (messageId) => new BindRequest({ messageId, dn, password, controls }));
}

export type Mod = { operation: "add" | "delete" | "replace"; type: string; values: (string | Buffer)[] };

export function modify(client: Client, dn: string, mods: Mod[], controls: Control[] = []): Promise<Outcome> {
  const changes = mods.map(
    (m) =>
      new Change({
        operation: m.operation,
        modification: new Attribute({ type: m.type, values: m.values as string[] }),
      }),
  );
  return sendRaw(client, (messageId) => new ModifyRequest({ messageId, dn, changes, controls }));
}

export interface SearchOutcomeEntry {
  dn: string;
  [attribute: string]: string | string[] | Buffer | Buffer[];
}

export async function search(
  client: Client,
  base: string,
  options: SearchOptions,
  controls: Control[] = [],
): Promise<{ outcome: Outcome; entries: SearchOutcomeEntry[] }> {
  try {
    const res = await client.search(base, options, controls);
    return { outcome: { code: 0, message: "" }, entries: res.searchEntries as SearchOutcomeEntry[] };
  } catch (e) {
    return { outcome: connectionFailure(e), entries: [] };
  }
}

/** The quoted UTF-16LE form AD requires for unicodePwd (MS-ADTS 3.1.1.3.1.5.1). */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

/** Opens an LDAPS connection bound as the given account; throws if the bind fails. */
export async function boundClient(url: string, dn: string, password: string): Promise<Client> {
  const client = connect(url);
  const r = await bind(client, dn, password);
  if (r.code !== 0) {
    await close(client);
    throw new Error(`bind as ${dn} failed: ${r.code} ${r.message}`);
  }
  return client;
}

export async function close(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // already closed by the server
  }
}
