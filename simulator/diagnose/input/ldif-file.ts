/**
 * LDIF exports of the OU tree (`ldifde -f tree.ldf -d "OU=…" -p subtree`, with nTSecurityDescriptor
 * as base64 of the binary SD; or SDDL text as our LDIF worlds write it). Parsed with the directory's
 * RFC 2849 reader; binary values (objectSid, objectGUID, the SD) become text here. Password
 * attributes are never kept.
 */
import { LdifError, parseLdif } from "../../directory/ldif.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { guidFromBytes } from "../../security/guid.ts";
import { sidFromBytes } from "../../security/sid.ts";
import type { DirectoryObject, InputProblem, RawSd } from "../model.ts";
import { refText } from "../model.ts";

const SECRET = new Set([
  "unicodepwd",
  "userpassword",
  "supplementalcredentials",
  "dbcspwd",
  "ntpwdhistory",
  "lmpwdhistory",
]);

export function readLdifText(
  text: string,
  display: string,
): { objects: DirectoryObject[]; sds: RawSd[]; problems: InputProblem[] } {
  const objects: DirectoryObject[] = [];
  const sds: RawSd[] = [];
  const problems: InputProblem[] = [];
  let records: ReturnType<typeof parseLdif>;
  try {
    records = parseLdif(text);
  } catch (err) {
    if (!(err instanceof LdifError)) throw err;
    problems.push({ file: display, line: err.line, message: err.message.replace(/^LDIF line \d+: /, "") });
    return { objects, sds, problems };
  }
  for (const r of records) {
    if (r.kind !== "add") continue;
    const ref = { file: display, line: r.line, text: refText(`dn: ${r.dn}`) };
    const attributes = new Map<string, string[]>();
    let objectClass: string | undefined;
    for (const a of r.attributes) {
      const k = a.type.toLowerCase();
      if (SECRET.has(k)) continue;
      if (k === "ntsecuritydescriptor") {
        const v = a.values[0];
        const asText = v.toString("utf8");
        if (/^(O:|G:|D:|S:)/.test(asText)) sds.push({ dn: r.dn, format: "sddl", sddl: asText.trim(), ref });
        else {
          try {
            sds.push({ dn: r.dn, format: "ldif", binary: decodeSecurityDescriptor(v), ref });
          } catch (err) {
            problems.push({
              file: display,
              line: r.line,
              message: `nTSecurityDescriptor of ${r.dn}: ${(err as Error).message}`,
            });
          }
        }
        continue;
      }
      const values = a.values.map((v) => {
        if (k === "objectsid" && v[0] === 1) return sidFromBytes(v).sid;
        if (k === "objectguid" && v.length === 16) return guidFromBytes(v);
        return v.toString("utf8");
      });
      attributes.set(k, values);
      if (k === "objectclass") objectClass = values[values.length - 1];
    }
    objects.push({ dn: r.dn, attributes, ref });
    const last = sds[sds.length - 1];
    if (last && last.dn === r.dn && objectClass) last.objectClass = objectClass;
  }
  return { objects, sds, problems };
}
