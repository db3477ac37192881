/**
 * SDDL as customers paste it, one or many objects per file:
 * - `(Get-Acl "AD:\CN=…").Sddl` / `.nTSecurityDescriptor.Sddl`: the bare SDDL, often after the echoed
 *   command line that names the object;
 * - `Get-Acl "AD:\CN=…" | Format-List`: `Path : …ActiveDirectory:://RootDSE/CN=…` and `Sddl : …`,
 *   long values wrapped onto indented continuation lines;
 * - `Get-ADObject … | Select DistinguishedName, @{n='Sddl';…}` as a table, list or CSV: a DN and an
 *   SDDL on one line or in one list block.
 * Aliases (DA, DU, EA, …) stay as text here: they are resolved once the domain SID is known.
 */
import type { RawSd } from "../model.ts";
import { refText } from "../model.ts";

const SDDL_START = /(?:O:[A-Za-z0-9-]+)?(?:G:[A-Za-z0-9-]+)?D:(?:PAI|PAR|P|AI|AR|NO_ACCESS_CONTROL)*\(/;
const DN_IN_TEXT = /((?:(?:CN|OU|DC|O|L)=(?:[^,"'\\]|\\.)+,)*DC=[^,"'\s\\)]+(?:,DC=[^,"'\s\\)]+)*)/i;

export function containsSddl(text: string): boolean {
  return SDDL_START.test(text);
}

function dnIn(text: string): string | undefined {
  const path = /ActiveDirectory:+\/\/(?:[^/]*)\/(.+)$/i.exec(text);
  if (path) return path[1].trim();
  const m = DN_IN_TEXT.exec(text);
  return m?.[1];
}

/** Joins PowerShell Format-List continuation lines to the value they continue. */
function joinListContinuations(lines: string[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let inListValue = false;
  lines.forEach((raw, i) => {
    const t = raw.replace(/\s+$/, "");
    if (inListValue && /^\s{4,}\S/.test(t) && out.length) {
      out[out.length - 1].text += t.trim();
      return;
    }
    inListValue = /^\S[^:]*?\s:\s?/.test(t);
    out.push({ text: t, line: i + 1 });
  });
  return out;
}

export function readSddlText(text: string, display: string): RawSd[] {
  const out: RawSd[] = [];
  let pendingDn: string | undefined;
  for (const { text: t, line } of joinListContinuations(text.split(/\r?\n/))) {
    if (!t.trim()) continue;
    const m = SDDL_START.exec(t);
    if (!m) {
      const dn = dnIn(t);
      if (dn) pendingDn = dn;
      continue;
    }
    const before = t.slice(0, m.index);
    const sddl = t
      .slice(m.index)
      .replace(/["']?\s*[,;]?\s*$/, "")
      .trim();
    const dn = dnIn(before) ?? pendingDn;
    out.push({ dn, format: "sddl", sddl, ref: { file: display, line, text: refText(t) } });
    pendingDn = undefined;
  }
  return out;
}
