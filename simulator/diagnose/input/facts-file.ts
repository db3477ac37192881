/**
 * The facts a customer states about the case, in the shapes they come in:
 * - a plain "Key: value" note (what `wbsim export-artifacts` writes as case-facts.txt, and what a
 *   support engineer types from the ticket: "Connector account: CONTOSO\MSOL_…", "User: CN=…",
 *   "Error the user saw: SSPR_0029");
 * - Azure AD Connect "View or Export Current Configuration", whose Synchronized Directories line
 *   reads "forest: contoso.com, account: CONTOSO\MSOL_…";
 * - `Get-ADUser … -Properties adminCount,memberOf | Format-List` for the user and/or the connector
 *   account (blocks separated by blank lines; the connector's is recognised by its name);
 * - `Get-ADSyncADConnectorAccount` as a table.
 * Password lines are never read.
 */
import type { CaseFacts, Fact, SourceRef } from "../model.ts";
import { refText } from "../model.ts";

type Key =
  | "connector"
  | "connectorSid"
  | "connectorGroups"
  | "user"
  | "upn"
  | "sid"
  | "adminCount"
  | "uac"
  | "groups"
  | "sspr"
  | "forest"
  | "sam"
  | "name";

const KEYS: Record<string, Key> = {
  connectoraccount: "connector",
  adconnectoraccount: "connector",
  adconnectoraccountname: "connector",
  adsconnectoraccount: "connector",
  connector: "connector",
  account: "connector",
  connectoraccountsid: "connectorSid",
  connectorsid: "connectorSid",
  connectoraccountgroups: "connectorGroups",
  connectorgroups: "connectorGroups",
  connectormemberof: "connectorGroups",
  user: "user",
  userdn: "user",
  failinguser: "user",
  distinguishedname: "user",
  upn: "upn",
  userprincipalname: "upn",
  sid: "sid",
  objectsid: "sid",
  usersid: "sid",
  admincount: "adminCount",
  useraccountcontrol: "uac",
  memberof: "groups",
  usergroups: "groups",
  groups: "groups",
  ssprcode: "sspr",
  errorcode: "sspr",
  error: "sspr",
  errortheusersaw: "sspr",
  whattheusersaw: "sspr",
  forest: "forest",
  domain: "forest",
  adconnectoraccountdomain: "forest",
  samaccountname: "sam",
  name: "name",
};

function keyOf(k: string): Key | undefined {
  return KEYS[k.toLowerCase().replace(/[^a-z0-9]/g, "")];
}

/** How many lines of `text` look like facts we understand (to recognise the file). */
export function factLineCount(text: string): number {
  let n = 0;
  for (const l of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^\s*([A-Za-z][A-Za-z0-9 _'-]{0,40}?)\s*:\s*(\S.*)$/.exec(l);
    if (m && keyOf(m[1]) && keyOf(m[1]) !== "name") n++;
    else if (/ADConnectorAccountName/.test(l)) n += 2;
  }
  return n;
}

function splitList(v: string): string[] {
  const inner = v.replace(/^\{/, "").replace(/\}$/, "").trim();
  if (!inner) return [];
  return inner
    .split(/;\s*|,\s+(?=(?:CN|OU|DC)=|S-1-|[A-Za-z0-9 ._-]+\\)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readFactsText(text: string, display: string, connectorHint?: string): CaseFacts {
  const facts: CaseFacts = { connectorGroups: [], userGroups: [] };
  const lines = text.split(/\r?\n/);
  const blocks: { key: Key; value: string; ref: SourceRef }[][] = [[]];
  let last: { value: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\s+$/, "");
    const ref = (t: string): SourceRef => ({ file: display, line: i + 1, text: refText(t) });
    if (!l.trim()) {
      if (blocks[blocks.length - 1].length) blocks.push([]);
      last = undefined;
      continue;
    }
    if (/passw(or)?d/i.test(l)) continue;
    // Get-ADSyncADConnectorAccount as a table: the header, a dashes line, then rows.
    if (/ADConnectorAccountName/.test(l) && lines[i + 2]) {
      const cols = l.trim().split(/\s+/);
      const row = lines[i + 2].trim().split(/\s+/);
      const name = row[cols.indexOf("ADConnectorAccountName")];
      const dom = row[cols.indexOf("ADConnectorAccountDomain")];
      if (name) {
        const domLabel = dom ? dom.split(".")[0].toUpperCase() : "";
        facts.connectorName = { value: domLabel ? `${domLabel}\\${name}` : name, ref: ref(lines[i + 2]) };
      }
      i += 2;
      continue;
    }
    // View current configuration: "forest: contoso.com, account: CONTOSO\MSOL_…".
    const vc = /forest:\s*([^,\s]+),\s*account:\s*(\S+)/i.exec(l);
    if (vc) {
      facts.forest = { value: vc[1], ref: ref(l) };
      facts.connectorName = { value: vc[2], ref: ref(l) };
      continue;
    }
    if (last && /^\s{4,}\S/.test(l)) {
      last.value += l.trim();
      continue;
    }
    const m = /^\s*([A-Za-z][A-Za-z0-9 _'()-]{0,40}?)\s*:\s*(.*)$/.exec(l);
    const key = m ? keyOf(m[1]) : undefined;
    if (!m || !key) {
      // A line that names an SSPR code ("the user got SSPR_0029") still says what was seen.
      const code = /\bSSPR_\d{3,4}\b/.exec(l);
      if (code && !facts.ssprCode) facts.ssprCode = { value: code[0], ref: ref(l) };
      last = undefined;
      continue;
    }
    const entry = { key, value: m[2].trim(), ref: ref(l) };
    blocks[blocks.length - 1].push(entry);
    last = entry;
  }
  for (const block of blocks) {
    if (!block.length) continue;
    const get = (k: Key) => block.find((e) => e.key === k);
    const sam = get("sam")?.value ?? get("name")?.value;
    const hint = connectorHint?.split("\\").pop()?.toLowerCase();
    const isConnectorBlock =
      !block.some(
        (e) =>
          e.key === "connector" ||
          e.key === "connectorSid" ||
          e.key === "sspr" ||
          (e.key === "upn" && e.value !== "" && !/^MSOL_/i.test(e.value)),
      ) &&
      sam !== undefined &&
      (/^MSOL_/i.test(sam) || (hint !== undefined && sam.toLowerCase() === hint));
    for (const e of block) {
      const fact: Fact = { value: e.value, ref: e.ref };
      if (isConnectorBlock) {
        if (e.key === "sid") facts.connectorSid = fact;
        else if (e.key === "sam" && !facts.connectorName) facts.connectorName = fact;
        else if (e.key === "groups") {
          facts.connectorGroupsStated = e.ref;
          for (const g of splitList(e.value)) facts.connectorGroups.push({ value: g, ref: e.ref });
        }
        continue;
      }
      switch (e.key) {
        case "connector":
          facts.connectorName = fact;
          break;
        case "connectorSid":
          facts.connectorSid = fact;
          break;
        case "connectorGroups":
          facts.connectorGroupsStated = e.ref;
          for (const g of splitList(e.value)) facts.connectorGroups.push({ value: g, ref: e.ref });
          break;
        case "user":
          if (/=/.test(e.value)) facts.userDn = fact;
          else if (/@/.test(e.value)) facts.userUpn = fact;
          break;
        case "upn":
          facts.userUpn = fact;
          break;
        case "sid":
          facts.userSid = fact;
          break;
        case "adminCount":
          facts.adminCount = fact;
          break;
        case "uac":
          facts.userAccountControl = fact;
          break;
        case "groups":
          for (const g of splitList(e.value)) facts.userGroups.push({ value: g, ref: e.ref });
          break;
        case "sspr": {
          const code = /\bSSPR_\d{3,4}\b/.exec(e.value);
          if (code) facts.ssprCode = { value: code[0], ref: e.ref };
          break;
        }
        case "forest":
          facts.forest = fact;
          break;
      }
    }
  }
  return facts;
}

/** Later files fill what earlier ones left out (a fact stated twice keeps the first). */
export function mergeFacts(into: CaseFacts, from: CaseFacts): void {
  for (const k of [
    "connectorName",
    "connectorSid",
    "userDn",
    "userUpn",
    "userSid",
    "adminCount",
    "userAccountControl",
    "ssprCode",
    "forest",
  ] as const) {
    if (!into[k] && from[k]) into[k] = from[k];
  }
  into.connectorGroups.push(...from.connectorGroups);
  into.connectorGroupsStated ??= from.connectorGroupsStated;
  into.userGroups.push(...from.userGroups);
}
