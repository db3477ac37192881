/**
 * A tiny in-memory DirectoryService for the LDAP tests: enough matching and bookkeeping to drive
 * the wire layer, plus a record of every call so tests can assert what reached the directory
 * (names untouched, values byte for byte, the secure flag). The real directory replaces it later:
 * tests take a DirectoryService from `makeDirectory()` in server-fixture.ts.
 */
import {
  type Attribute,
  DirectoryError,
  type DirectoryService,
  type ExtendedRequest,
  type ExtendedResponse,
  type Filter,
  type Identity,
  type LdapResult,
  type ModifyChange,
  type OperationContext,
  type ProtocolErrorCatalogue,
  type SearchEntry,
  type SearchRequest,
  type SearchResult,
} from "../../../simulator/directory/api.ts";

export const BASE_DN = "DC=contoso,DC=com";
export const USERS_OU = `OU=Users,${BASE_DN}`;
export const ALICE_DN = `CN=Alice,${USERS_OU}`;
export const ALICE_PASSWORD = "Alice-Pa55!";
export const ALICE_GUID = "9f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8";
export const ALICE_SID = "S-1-5-21-1-2-3-1105";
export const PAGED_OU = `OU=Paged,${BASE_DN}`;
export const PAGED_COUNT = 7;

interface StoredEntry {
  dn: string;
  attributes: Attribute[];
}

interface Account {
  dn: string;
  sid: string;
  password: string;
  names: string[];
}

export interface RecordedCall {
  method: string;
  ctx: OperationContext;
  /** bind name, search base, entry DN, extended OID. */
  target: string;
  password?: Buffer;
  request?: SearchRequest;
  changes?: ModifyChange[];
  attributes?: Attribute[];
}

const err = (key: string, code: number, message: string, matchedDN = "") =>
  new DirectoryError(key, code, message, matchedDN);

/** AD-flavoured messages (the real catalogue lives in simulator/personality/). */
export const stubProtocolErrors: ProtocolErrorCatalogue = {
  saslNotSupported: (mechanism) => ({
    resultCode: 7,
    matchedDN: "",
    diagnosticMessage: `00002027: LdapErr: DSID-0C090FE2, comment: Unsupported SASL mechanism ${mechanism}, data 0, v4563`,
  }),
  bindRequired: (operation) => ({
    resultCode: 1,
    matchedDN: "",
    diagnosticMessage: `000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation (${operation}) a successful bind must be completed on the connection., data 0, v4563`,
  }),
  unavailableCriticalExtension: (oid) => ({
    resultCode: 12,
    matchedDN: "",
    diagnosticMessage: `00000057: LdapErr: DSID-0C090D3F, comment: Error processing control ${oid}, data 0, v4563`,
  }),
  protocolError: (detail) => ({
    resultCode: 2,
    matchedDN: "",
    diagnosticMessage: `00000057: LdapErr: DSID-0C090C6A, comment: Error decoding ldap message (${detail}), data 0, v4563`,
  }),
  startTlsRefused: (reason) => ({
    resultCode: 1,
    matchedDN: "",
    diagnosticMessage: `00000000: LdapErr: DSID-0C091202, comment: ${reason}, data 0, v4563`,
  }),
  unsupportedExtendedOperation: (oid) => ({
    resultCode: 2,
    matchedDN: "",
    diagnosticMessage: `0000203D: LdapErr: DSID-0C091010, comment: Unsupported extended operation ${oid}, data 0, v4563`,
  }),
  busy: (detail) => ({
    resultCode: 51,
    matchedDN: "",
    diagnosticMessage: `0000200E: LdapErr: DSID-0C0605A1, comment: ${detail}, data 0, v4563`,
  }),
  idleTimeout: () => ({
    resultCode: 52,
    matchedDN: "",
    diagnosticMessage:
      "0000200F: LdapErr: DSID-0C0605B2, comment: The server has timed out this connection, data 0, v4563",
  }),
  pagedCookieInvalid: () => ({
    resultCode: 12,
    matchedDN: "",
    diagnosticMessage: "00000057: LdapErr: DSID-0C090A7D, comment: Error processing control, data 0, v4563",
  }),
};

const lc = (s: string) => s.toLowerCase();
const text = (b: Buffer) => b.toString("utf8").toLowerCase();

export class StubDirectory implements DirectoryService {
  readonly protocolErrors = stubProtocolErrors;
  readonly supportedControls: ReadonlySet<string> = new Set([
    "1.2.840.113556.1.4.801", // SD flags
    "1.2.840.113556.1.4.529", // extended DN
    "1.2.840.113556.1.4.2239", // policy hints
    "1.2.840.113556.1.4.805", // tree delete
  ]);
  readonly calls: RecordedCall[] = [];
  /** Errors to throw: method:lower(target) → error (e.g. "modify:cn=x,..."), or method:* for any. */
  readonly failures = new Map<string, Error>();
  /** Set to make every search take this long (to hold a connection busy in tests). */
  searchDelayMs = 0;
  private readonly entries = new Map<string, StoredEntry>();
  private readonly accounts: Account[] = [];
  private readonly guids = new Map<string, string>();
  /** Entries nobody may modify (the fuzz test's honest client reads them). */
  readonly readOnly = new Set<string>();
  /** Keep the call log bounded (the fuzz test sends 100k requests). */
  recordCalls = true;

  constructor() {
    this.put(BASE_DN, { objectClass: ["top", "domain", "domainDNS"], dc: ["contoso"] });
    this.put(USERS_OU, { objectClass: ["top", "organizationalUnit"], ou: ["Users"] });
    this.put(ALICE_DN, {
      objectClass: ["top", "person", "organizationalPerson", "user"],
      cn: ["Alice"],
      sAMAccountName: ["alice"],
      userPrincipalName: ["alice@contoso.com"],
      userAccountControl: ["512"],
      description: ["Zürich office"],
    });
    this.accounts.push({
      dn: ALICE_DN,
      sid: ALICE_SID,
      password: ALICE_PASSWORD,
      names: [lc(ALICE_DN), "alice@contoso.com", "contoso\\alice"],
    });
    this.guids.set(ALICE_GUID, ALICE_DN);
    this.put(PAGED_OU, { objectClass: ["top", "organizationalUnit"], ou: ["Paged"] });
    for (let i = 1; i <= PAGED_COUNT; i++) {
      const n = String(i).padStart(2, "0");
      this.put(`CN=Paged${n},${PAGED_OU}`, {
        objectClass: ["top", "person", "user"],
        cn: [`Paged${n}`],
        userAccountControl: [i % 2 === 0 ? "514" : "512"],
      });
    }
  }

  /** Adds or replaces an entry from string values. */
  put(dn: string, attrs: Record<string, (string | Buffer)[]>): void {
    const attributes = Object.entries(attrs).map(([type, vals]) => ({
      type,
      values: vals.map((v) => (typeof v === "string" ? Buffer.from(v, "utf8") : v)),
    }));
    this.entries.set(lc(dn), { dn, attributes });
  }

  get(dn: string): StoredEntry | undefined {
    return this.entries.get(lc(dn));
  }

  lastCall(method: string): RecordedCall | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--)
      if (this.calls[i].method === method) return this.calls[i];
    return undefined;
  }

  private record(call: RecordedCall): void {
    if (this.recordCalls) this.calls.push(call);
    const failure =
      this.failures.get(`${call.method}:${lc(call.target)}`) ?? this.failures.get(`${call.method}:*`);
    if (failure) throw failure;
  }

  async bindSimple(name: string, password: Buffer, ctx: OperationContext): Promise<Identity> {
    this.record({ method: "bindSimple", ctx, target: name, password: Buffer.from(password) });
    if (name === "" && password.length === 0) return { anonymous: true, dn: "", sid: "", bindName: "" };
    const account = this.accounts.find((a) => a.names.includes(lc(name)));
    if (!account || account.password !== password.toString("utf8")) {
      throw err(
        "INVALID_CREDENTIALS",
        49,
        "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563",
      );
    }
    return { anonymous: false, dn: account.dn, sid: account.sid, bindName: name };
  }

  async search(req: SearchRequest, ctx: OperationContext): Promise<SearchResult> {
    this.record({ method: "search", ctx, target: req.baseObject, request: req });
    if (this.searchDelayMs) await new Promise((r) => setTimeout(r, this.searchDelayMs));
    let base = req.baseObject;
    const guid = /^<GUID=([0-9a-f-]+)>$/i.exec(base);
    if (guid) base = this.guids.get(lc(guid[1])) ?? base;
    const baseEntry = base === "" ? undefined : this.entries.get(lc(base));
    if (base !== "" && !baseEntry) {
      throw err(
        "NO_SUCH_OBJECT",
        32,
        `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${BASE_DN}'\n`,
        BASE_DN,
      );
    }
    const candidates: StoredEntry[] = [];
    if (base === "") {
      if (req.scope === "base") {
        candidates.push({
          dn: "",
          attributes: [
            { type: "defaultNamingContext", values: [Buffer.from(BASE_DN)] },
            { type: "supportedControl", values: [...this.supportedControls].map((c) => Buffer.from(c)) },
          ],
        });
      }
    } else {
      const baseLc = lc(baseEntry!.dn);
      for (const e of this.entries.values()) {
        const dn = lc(e.dn);
        const inScope =
          req.scope === "base"
            ? dn === baseLc
            : req.scope === "one"
              ? dn.endsWith(`,${baseLc}`) && !dn.slice(0, -baseLc.length - 1).includes(",")
              : dn === baseLc || dn.endsWith(`,${baseLc}`);
        if (inScope) candidates.push(e);
      }
    }
    const matched = candidates.filter((e) => matches(e, req.filter));
    const limited = req.sizeLimit > 0 && matched.length > req.sizeLimit;
    const entries = (limited ? matched.slice(0, req.sizeLimit) : matched).map((e) =>
      select(e, req.attributes),
    );
    const result: SearchResult = { entries, references: [], controls: [] };
    if (limited) result.result = { resultCode: 4, matchedDN: "", diagnosticMessage: "" };
    return result;
  }

  async add(dn: string, attributes: Attribute[], ctx: OperationContext): Promise<void> {
    this.record({ method: "add", ctx, target: dn, attributes });
    if (this.entries.has(lc(dn))) {
      throw err("ENTRY_EXISTS", 68, "00002071: UpdErr: DSID-0305038D, problem 6005 (ENTRY_EXISTS), data 0\n");
    }
    this.entries.set(lc(dn), { dn, attributes });
  }

  async modify(dn: string, changes: ModifyChange[], ctx: OperationContext): Promise<void> {
    this.record({ method: "modify", ctx, target: dn, changes });
    const entry = this.mustExist(dn);
    if (this.readOnly.has(lc(dn))) throw err("READ_ONLY", 50, "00000005: SecErr: read-only in this test\n");
    for (const { operation, modification } of changes) {
      if (lc(modification.type) === "unicodepwd" && !ctx.secure) {
        throw err(
          "CONFIDENTIALITY",
          53,
          "0000001F: SvcErr: DSID-031A126C, problem 5003 (WILL_NOT_PERFORM), data 0\n",
        );
      }
      const idx = entry.attributes.findIndex((a) => lc(a.type) === lc(modification.type));
      if (operation === "replace" || (operation === "add" && idx < 0)) {
        if (idx >= 0) entry.attributes.splice(idx, 1);
        if (modification.values.length > 0) entry.attributes.push(modification);
      } else if (operation === "add") {
        entry.attributes[idx].values.push(...modification.values);
      } else if (operation === "delete" && idx >= 0) {
        entry.attributes.splice(idx, 1);
      }
    }
  }

  async delete(dn: string, ctx: OperationContext): Promise<void> {
    this.record({ method: "delete", ctx, target: dn });
    this.mustExist(dn);
    if (this.readOnly.has(lc(dn))) throw err("READ_ONLY", 50, "00000005: SecErr: read-only in this test\n");
    this.entries.delete(lc(dn));
  }

  async modifyDN(
    dn: string,
    newRdn: string,
    _deleteOldRdn: boolean,
    newSuperior: string | undefined,
    ctx: OperationContext,
  ): Promise<void> {
    this.record({ method: "modifyDN", ctx, target: dn });
    const entry = this.mustExist(dn);
    if (this.readOnly.has(lc(dn))) throw err("READ_ONLY", 50, "00000005: SecErr: read-only in this test\n");
    const parent = newSuperior ?? dn.slice(dn.indexOf(",") + 1);
    this.entries.delete(lc(dn));
    entry.dn = `${newRdn},${parent}`;
    this.entries.set(lc(entry.dn), entry);
  }

  async compare(dn: string, attribute: string, value: Buffer, ctx: OperationContext): Promise<boolean> {
    this.record({ method: "compare", ctx, target: dn });
    const entry = this.mustExist(dn);
    const attr = entry.attributes.find((a) => lc(a.type) === lc(attribute));
    if (!attr) throw err("NO_SUCH_ATTRIBUTE", 16, "00002080: AtrErr: DSID-03080155, #1:\n");
    return attr.values.some((v) => text(v) === text(value));
  }

  async extended(req: ExtendedRequest, ctx: OperationContext): Promise<ExtendedResponse> {
    this.record({ method: "extended", ctx, target: req.oid });
    if (req.oid === "1.3.6.1.4.1.4203.1.11.3") {
      const who = ctx.identity.anonymous
        ? ""
        : `u:CONTOSO\\${ctx.identity.dn.split(",")[0].slice(3).toLowerCase()}`;
      return { value: Buffer.from(who) };
    }
    const r: LdapResult = this.protocolErrors.unsupportedExtendedOperation(req.oid);
    throw new DirectoryError("UNSUPPORTED_EXTENDED", r.resultCode, r.diagnosticMessage);
  }

  private mustExist(dn: string): StoredEntry {
    const entry = this.entries.get(lc(dn));
    if (!entry) {
      throw err(
        "NO_SUCH_OBJECT",
        32,
        `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${BASE_DN}'\n`,
        BASE_DN,
      );
    }
    return entry;
  }
}

function attrValues(e: StoredEntry, type: string): Buffer[] | undefined {
  const t = lc(type);
  return e.attributes.find((a) => lc(a.type) === t)?.values;
}

function matches(e: StoredEntry, f: Filter): boolean {
  switch (f.type) {
    case "and":
      return f.filters.every((s) => matches(e, s));
    case "or":
      return f.filters.some((s) => matches(e, s));
    case "not":
      return !matches(e, f.filter);
    case "present":
      return lc(f.attribute) === "objectclass" || attrValues(e, f.attribute) !== undefined;
    case "equality":
    case "approxMatch":
      return (attrValues(e, f.attribute) ?? []).some((v) => text(v) === text(f.value));
    case "greaterOrEqual":
      return (attrValues(e, f.attribute) ?? []).some((v) => text(v) >= text(f.value));
    case "lessOrEqual":
      return (attrValues(e, f.attribute) ?? []).some((v) => text(v) <= text(f.value));
    case "substrings":
      return (attrValues(e, f.attribute) ?? []).some((v) => {
        let s = text(v);
        if (f.initial) {
          if (!s.startsWith(text(f.initial))) return false;
          s = s.slice(f.initial.length);
        }
        for (const a of f.any) {
          const i = s.indexOf(text(a));
          if (i < 0) return false;
          s = s.slice(i + a.length);
        }
        return f.final ? s.endsWith(text(f.final)) : true;
      });
    case "extensible": {
      if (!f.attribute) return false;
      const mask = Number(f.value.toString("utf8"));
      const vals = (attrValues(e, f.attribute) ?? []).map((v) => Number(v.toString("utf8")));
      if (f.matchingRule === "1.2.840.113556.1.4.803") return vals.some((v) => (v & mask) === mask);
      if (f.matchingRule === "1.2.840.113556.1.4.804") return vals.some((v) => (v & mask) !== 0);
      return false;
    }
  }
}

function select(e: StoredEntry, requested: string[]): SearchEntry {
  if (requested.includes("1.1") && requested.length === 1) return { dn: e.dn, attributes: [] };
  const all = requested.length === 0 || requested.includes("*");
  const wanted = new Set(requested.map(lc));
  return {
    dn: e.dn,
    attributes: e.attributes
      .filter((a) => all || wanted.has(lc(a.type)))
      .map((a) => ({ type: a.type, values: [...a.values] })),
  };
}
