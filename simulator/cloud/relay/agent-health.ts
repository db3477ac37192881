/**
 * Health of a tenant's writeback client as the admin center's On-premises integration blade shows it
 * (facts §5 [HOWITWORKS]), derived from agent registrations, heartbeats and injected faults.
 *
 * Heartbeat: Connect sends one every 5 minutes ([CONCEPT-ENTRA]). A client counts as connected while
 * its last heartbeat is younger than two intervals plus a minute of slack — ASSUMED (no source gives
 * the threshold). Faults that break the path (relay unreachable, agent stopped) count at once: the
 * portal's status check is modelled as a live probe. The version thresholds are ASSUMED too: builds
 * before 1.1.443.0 (pre-*.servicebus.windows.net) can't report status; builds before 2.0.0.0 are
 * "out-of-date".
 */
import { PORTAL_STATUS_MESSAGES, type WritebackHealthState } from "../core/catalogue/portal-status.ts";
import type { AgentInfo, RelayFaults } from "./types.ts";

export const HEARTBEAT_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_STALE_AFTER_MS = 2 * HEARTBEAT_INTERVAL_MS + 60_000;
export const CANNOT_CHECK_BELOW_VERSION = "1.1.443.0";
export const OUTDATED_BELOW_VERSION = "2.0.0.0";

export interface WritebackHealth {
  state: WritebackHealthState;
  message: string;
  /** At least one agent has onboarded (writeback configured in Connect). */
  configured: boolean;
  agents: AgentInfo[];
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function deriveHealth(
  agents: AgentInfo[],
  faults: RelayFaults,
  nowMs: number,
  staleAfterMs: number = DEFAULT_STALE_AFTER_MS,
): WritebackHealth {
  const result = (state: WritebackHealthState): WritebackHealth => ({
    state,
    message: PORTAL_STATUS_MESSAGES[state],
    configured: agents.length > 0,
    agents,
  });
  if (faults.cloudServiceIssue) return result("serviceIssue");
  if (agents.length === 0) return result("notConfigured");
  if (faults.relayUnreachable || faults.agentStopped) return result("unreachable");
  const fresh = agents.filter((a) => nowMs - Date.parse(a.lastHeartbeatAt) <= staleAfterMs);
  if (fresh.length === 0) return result("unreachable");
  const newest = fresh.reduce((best, a) => (compareVersions(a.version, best.version) > 0 ? a : best));
  if (compareVersions(newest.version, CANNOT_CHECK_BELOW_VERSION) < 0) return result("cannotCheck");
  if (compareVersions(newest.version, OUTDATED_BELOW_VERSION) < 0) return result("outdated");
  return result("healthy");
}
