/**
 * Makes outcomes from different DCs comparable: the base DN and the domain SID differ between a
 * target and the golden file's DC, everything else (codes, messages, RIDs, GUIDs) must not.
 */
import type { ConformanceTarget, Outcome } from "./wire.ts";

export const BASE_PLACEHOLDER = "<BASE-DN>";
export const SID_PLACEHOLDER = "<DOMAIN-SID>";

export function normalise(
  outcome: Outcome,
  target: Pick<ConformanceTarget, "baseDn" | "domainSid">,
): Outcome {
  const base = new RegExp(escapeRegExp(target.baseDn), "gi");
  const sid = new RegExp(`${escapeRegExp(target.domainSid)}(?![0-9])`, "g");
  const fix = (s: string) => s.replace(base, BASE_PLACEHOLDER).replace(sid, SID_PLACEHOLDER);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out: Outcome = { code: outcome.code, message: fix(outcome.message) };
  if (outcome.data !== undefined) out.data = walk(outcome.data);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
