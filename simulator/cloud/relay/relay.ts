/**
 * The writeback relay: the simulated Azure Service Bus path between Entra ID and the on-premises
 * writeback agent (Azure AD Connect's PasswordResetService), one queue per tenant.
 *
 * ── Who plays which side ──────────────────────────────────────────────────────────────────────────
 * Cloud side (this package): the SSPR flow, the admin center and Graph call `submit()` and await a
 * `RelayDelivery`. Writeback is synchronous from the user's point of view ([CONCEPT-ENTRA]
 * "zero-delay feedback"): the SSPR submit awaits the agent's answer or the message's expiry.
 *
 * Agent side, two ways to play it:
 *  1. In-process: `relay.attachAgent(tenantId, { handle(request) })`. The relay calls handle() as soon
 *     as a request is queued and heartbeats on the agent's behalf every 5 simulated minutes
 *     (SimClock.every) unless a fault says the agent is stopped or the relay is unreachable.
 *  2. Out-of-process over HTTP (a third-party agent or simulator/connect/ in another process):
 *       POST   /relay/{tenantId}/agents                       Bearer <GA/Hybrid Identity Admin token>
 *              body {machineName, version}           → 201 {agentId, relayKey, heartbeatIntervalSeconds}
 *       POST   /relay/{tenantId}/agents/{agentId}/heartbeat   Authorization: Relay <relayKey>  → 204
 *       GET    /relay/{tenantId}/agents/{agentId}/requests?waitMs=N  (long-poll)
 *              → 200 WritebackRequest (with the passwords) | 204 when nothing came within N real ms
 *       POST   /relay/{tenantId}/agents/{agentId}/results  body WritebackResult → 202 | 409 (expired)
 *       DELETE /relay/{tenantId}/agents/{agentId}                                 → 204 (offboard)
 *     Each poll also counts as a heartbeat (the listener is connected). With relayUnreachable set,
 *     every agent call gets 503, as if the Service Bus namespace couldn't be reached (32002).
 *
 * ── Time: simulated expiry without real sleeping ──────────────────────────────────────────────────
 * A queued message expires `expiryMs` simulated ms after issue (default 5 minutes — the docs only say
 * "after several minutes", so ASSUMED). The awaiting promise settles on the first of:
 *   • the agent's result;
 *   • the SimClock passing issuedAt + expiryMs (someone called clock.advance);
 *   • the message becoming unanswerable — no agent registered, agent stopped, relay unreachable,
 *     result dropped: nobody can ever answer, so the relay settles at once as "expired" and reports
 *     expiredAfterMs = expiryMs (the simulated wait the user would have had) WITHOUT moving the clock;
 *   • for an HTTP agent only, `realWaitMs` of real time (default 5 s) — the real-time budget standing
 *     in for the simulated expiry, because an out-of-process agent runs on the wall clock.
 * An in-process agent answers immediately; an injected delay is simulated: below the expiry it only
 * shows up as latencyMs, at or above it the message expires (the agent still did the AD write —
 * exactly the real "password changed on-prem but the user saw an error" case).
 *
 * ── Secrets ───────────────────────────────────────────────────────────────────────────────────────
 * Requests carry clear-text passwords to the agent (the real package is encrypted). The relay never
 * logs them: its journal keeps redactRequest() copies only.
 */
import { randomBytes } from "node:crypto";
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { SimClock } from "../../clock/sim-clock.ts";
import {
  DEFAULT_STALE_AFTER_MS,
  deriveHealth,
  HEARTBEAT_INTERVAL_MS,
  type WritebackHealth,
} from "./agent-health.ts";
import { redactRequest, scrubSecrets } from "./redact.ts";
import {
  type AgentInfo,
  type ExpiryReason,
  NO_FAULTS,
  type RelayDelivery,
  type RelayFaults,
  type RelayJournalEntry,
  type WritebackAgentHandler,
  type WritebackRequest,
  type WritebackResult,
} from "./types.ts";

export const DEFAULT_EXPIRY_MS = 5 * 60_000;
export const DEFAULT_REAL_WAIT_MS = 5_000;

export interface RelayOptions {
  clock: SimClock;
  ids: SeededIds;
  /** Simulated lifetime of a queued request (default 5 minutes, ASSUMED). */
  expiryMs?: number;
  /** Real-time budget for HTTP agents (default 5000 ms). */
  realWaitMs?: number;
  /** Heartbeat age after which a client counts as disconnected (default 11 simulated minutes). */
  staleAfterMs?: number;
}

export type WritebackDraft = Omit<WritebackRequest, "requestId" | "trackingId" | "issuedAt" | "tenantId">;

interface AgentRecord {
  info: AgentInfo;
  handler?: WritebackAgentHandler;
  relayKey?: string;
  stopHeartbeat?: () => void;
}

interface Pending {
  request: WritebackRequest;
  settle: (d: RelayDelivery) => void;
  settled: boolean;
  holder: "none" | "inProcess" | "http";
  cancelTimers: Array<() => void>;
}

interface Poller {
  agentId: string;
  give: (r: WritebackRequest | null) => void;
}

interface TenantRelay {
  agents: Map<string, AgentRecord>;
  queue: Pending[];
  inFlight: Map<string, Pending>;
  pollers: Poller[];
  faults: RelayFaults;
}

export type PostResultOutcome = "accepted" | "dropped" | "unknownRequest" | "expired";

export class WritebackRelay {
  readonly expiryMs: number;
  /** Real-time budget for HTTP agents; a test on a loaded machine may raise it (it is not simulated time). */
  realWaitMs: number;
  readonly staleAfterMs: number;
  /** Redacted history of everything that crossed the relay (no passwords, ever). */
  readonly journal: RelayJournalEntry[] = [];
  private readonly clock: SimClock;
  private readonly ids: SeededIds;
  private readonly tenants = new Map<string, TenantRelay>();
  private readonly expiredIds = new Set<string>();

  constructor(opts: RelayOptions) {
    this.clock = opts.clock;
    this.ids = opts.ids.fork("relay");
    this.expiryMs = opts.expiryMs ?? DEFAULT_EXPIRY_MS;
    this.realWaitMs = opts.realWaitMs ?? DEFAULT_REAL_WAIT_MS;
    this.staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  // ── agent side ──────────────────────────────────────────────────────────────────────────────

  /** Registers an out-of-process agent; returns its id and the key it must present on every call. */
  registerAgent(
    tenantId: string,
    info: { machineName: string; version: string },
  ): { agentId: string; relayKey: string; heartbeatIntervalSeconds: number } {
    const t = this.tenant(tenantId);
    const agentId = this.ids.guid();
    const relayKey = randomBytes(24).toString("base64url");
    t.agents.set(agentId, { info: this.newInfo(agentId, "http", info), relayKey });
    this.log(tenantId, { event: "registered", agentId });
    return { agentId, relayKey, heartbeatIntervalSeconds: HEARTBEAT_INTERVAL_MS / 1000 };
  }

  /** Attaches an in-process agent; the relay heartbeats for it every 5 simulated minutes. */
  attachAgent(
    tenantId: string,
    handler: WritebackAgentHandler,
    info: { machineName?: string; version?: string } = {},
  ): { agentId: string; detach: () => void } {
    const t = this.tenant(tenantId);
    const agentId = this.ids.guid();
    const record: AgentRecord = {
      info: this.newInfo(agentId, "inProcess", {
        machineName: info.machineName ?? "AADCONNECT01",
        version: info.version ?? "2.4.27.0",
      }),
      handler,
    };
    const beat = this.clock.every(HEARTBEAT_INTERVAL_MS, () => {
      if (!t.faults.agentStopped && !t.faults.relayUnreachable) record.info.lastHeartbeatAt = this.nowIso();
    });
    record.stopHeartbeat = () => beat.cancel();
    t.agents.set(agentId, record);
    this.log(tenantId, { event: "registered", agentId });
    return { agentId, detach: () => this.unregisterAgent(tenantId, agentId) };
  }

  unregisterAgent(tenantId: string, agentId: string): boolean {
    const t = this.tenants.get(tenantId);
    const rec = t?.agents.get(agentId);
    if (!t) return false;
    if (!rec) return false;
    rec.stopHeartbeat?.();
    t.agents.delete(agentId);
    t.pollers = t.pollers.filter((p) => {
      if (p.agentId === agentId) p.give(null);
      return p.agentId !== agentId;
    });
    this.log(tenantId, { event: "unregistered", agentId });
    this.prune(tenantId, t);
    return true;
  }

  /** True when `relayKey` is the key issued to this HTTP agent. */
  verifyAgentKey(tenantId: string, agentId: string, relayKey: string): boolean {
    const rec = this.tenants.get(tenantId)?.agents.get(agentId);
    return !!rec?.relayKey && rec.relayKey === relayKey;
  }

  hasAgent(tenantId: string, agentId: string): boolean {
    return !!this.tenants.get(tenantId)?.agents.has(agentId);
  }

  /** Records a heartbeat; false when faults keep it from arriving. */
  heartbeat(tenantId: string, agentId: string): boolean {
    const t = this.tenants.get(tenantId);
    const rec = t?.agents.get(agentId);
    if (!t) return false;
    if (!rec || t.faults.relayUnreachable || t.faults.agentStopped) return false;
    rec.info.lastHeartbeatAt = this.nowIso();
    return true;
  }

  /**
   * Long-poll for the next request (HTTP agents). Resolves with a request, or null after `waitMs`
   * real ms, on abort, or at once when faults keep deliveries from arriving.
   */
  poll(
    tenantId: string,
    agentId: string,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<WritebackRequest | null> {
    const t = this.tenants.get(tenantId);
    if (!t?.agents.has(agentId) || t.faults.agentStopped || t.faults.relayUnreachable)
      return Promise.resolve(null);
    this.heartbeat(tenantId, agentId);
    const next = t.queue.shift();
    if (next) return Promise.resolve(this.handOver(t, next, agentId));
    if (waitMs <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const poller: Poller = {
        agentId,
        give: (r) => {
          clearTimeout(timer);
          t.pollers = t.pollers.filter((p) => p !== poller);
          resolve(r);
        },
      };
      const timer = setTimeout(() => poller.give(null), waitMs);
      timer.unref?.();
      signal?.addEventListener("abort", () => poller.give(null), { once: true });
      t.pollers.push(poller);
    });
  }

  /** An agent's answer to a request it was handed. */
  postResult(tenantId: string, agentId: string, result: WritebackResult): PostResultOutcome {
    const t = this.tenants.get(tenantId);
    const p = t?.inFlight.get(result.requestId);
    if (!t || !p) {
      if (this.expiredIds.has(result.requestId)) {
        this.log(tenantId, { event: "lateResult", agentId, outcome: result.outcome });
        return "expired";
      }
      return "unknownRequest";
    }
    if (t.faults.dropResults || t.faults.relayUnreachable) {
      this.log(tenantId, {
        event: "dropped",
        agentId,
        request: redactRequest(p.request),
        outcome: result.outcome,
      });
      this.expire(t, p, "resultDropped");
      return "dropped";
    }
    this.answer(t, p, result, 0);
    return "accepted";
  }

  // ── cloud side ──────────────────────────────────────────────────────────────────────────────

  /** Queues a writeback request and resolves with the agent's answer, the expiry, or unreachable. */
  submit(tenantId: string, draft: WritebackDraft): Promise<RelayDelivery> {
    const t = this.tenant(tenantId);
    const request: WritebackRequest = {
      ...draft,
      tenantId,
      requestId: this.ids.guid(),
      trackingId: this.ids.guid(),
      issuedAt: this.nowIso(),
    };
    this.log(tenantId, { event: "submitted", request: redactRequest(request) });
    if (t.faults.relayUnreachable || t.faults.cloudServiceIssue) {
      this.log(tenantId, { event: "unreachable", request: redactRequest(request) });
      return Promise.resolve({
        status: "unreachable",
        requestId: request.requestId,
        trackingId: request.trackingId,
      });
    }
    return new Promise<RelayDelivery>((resolve) => {
      const p: Pending = {
        request,
        settled: false,
        holder: "none",
        cancelTimers: [],
        settle: (d) => {
          if (p.settled) return;
          p.settled = true;
          for (const c of p.cancelTimers) c();
          t.inFlight.delete(request.requestId);
          t.queue = t.queue.filter((q) => q !== p);
          this.prune(tenantId, t);
          resolve(d);
        },
      };
      const onClock = this.clock.schedule(this.expiryMs, () => this.expire(t, p, "simulatedTimeout"));
      p.cancelTimers.push(() => onClock.cancel());
      this.dispatch(t, p);
    });
  }

  health(tenantId: string): WritebackHealth {
    const t = this.tenants.get(tenantId);
    const agents = t ? [...t.agents.values()].map((a) => ({ ...a.info })) : [];
    return deriveHealth(agents, t?.faults ?? NO_FAULTS, this.clock.now(), this.staleAfterMs);
  }

  faults(tenantId: string): RelayFaults {
    return { ...(this.tenants.get(tenantId)?.faults ?? NO_FAULTS) };
  }

  /** Injects (or clears) faults; unspecified fields keep their value. */
  setFaults(tenantId: string, faults: Partial<RelayFaults>): RelayFaults {
    const t = this.tenant(tenantId);
    t.faults = { ...t.faults, ...faults };
    if (t.faults.agentStopped || t.faults.relayUnreachable) {
      for (const p of [...t.pollers]) p.give(null);
      for (const p of [...t.queue]) this.expire(t, p, t.faults.agentStopped ? "agentStopped" : "noAgent");
    }
    const out = { ...t.faults };
    this.prune(tenantId, t);
    return out;
  }

  clearFaults(tenantId: string): void {
    const t = this.tenants.get(tenantId);
    if (!t) return;
    t.faults = { ...NO_FAULTS };
    this.prune(tenantId, t);
  }

  /** Requests queued and not yet handed to an agent (redacted). */
  pending(tenantId: string): number {
    const t = this.tenants.get(tenantId);
    return t ? t.queue.length + t.inFlight.size : 0;
  }

  /** Tenants the relay holds state for (agents, requests, pollers or faults). */
  get tenantCount(): number {
    return this.tenants.size;
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  private dispatch(t: TenantRelay, p: Pending): void {
    const agents = [...t.agents.values()];
    if (t.faults.agentStopped) {
      this.expire(t, p, "agentStopped");
      return;
    }
    const inProcess = agents.find((a) => a.handler);
    if (inProcess?.handler) {
      p.holder = "inProcess";
      t.inFlight.set(p.request.requestId, p);
      this.log(t, { event: "delivered", agentId: inProcess.info.agentId, request: redactRequest(p.request) });
      const delay = t.faults.delayMs;
      inProcess.handler
        .handle({ ...p.request })
        .then(
          (r) => r,
          (e: unknown): WritebackResult => ({
            requestId: p.request.requestId,
            outcome: "error",
            eventIds: [32000],
            detail: scrubSecrets(e instanceof Error ? e.message : String(e), [
              p.request.newPassword,
              p.request.oldPassword,
            ]),
          }),
        )
        .then((r) => {
          if (p.settled) return;
          if (t.faults.dropResults) {
            this.log(t, { event: "dropped", agentId: inProcess.info.agentId, outcome: r.outcome });
            return this.expire(t, p, "resultDropped");
          }
          if (delay >= this.expiryMs) return this.expire(t, p, "agentTooSlow");
          this.answer(t, p, { ...r, requestId: p.request.requestId }, delay);
        });
      return;
    }
    if (agents.length === 0) {
      this.expire(t, p, "noAgent");
      return;
    }
    // HTTP agents: queue for the next poll, under the real-time budget.
    p.holder = "http";
    const timer = setTimeout(() => this.expire(t, p, "realTimeout"), this.realWaitMs);
    timer.unref?.();
    p.cancelTimers.push(() => clearTimeout(timer));
    const poller = t.pollers.shift();
    if (poller) poller.give(this.handOver(t, p, poller.agentId));
    else t.queue.push(p);
  }

  private handOver(t: TenantRelay, p: Pending, agentId: string): WritebackRequest {
    t.inFlight.set(p.request.requestId, p);
    this.log(t, { event: "delivered", agentId, request: redactRequest(p.request) });
    return { ...p.request };
  }

  private answer(t: TenantRelay, p: Pending, result: WritebackResult, latencyMs: number): void {
    const clean: WritebackResult = {
      ...result,
      detail: scrubSecrets(String(result.detail ?? ""), [p.request.newPassword, p.request.oldPassword]),
    };
    this.log(t, { event: "answered", request: redactRequest(p.request), outcome: clean.outcome });
    p.settle({
      status: "answered",
      requestId: p.request.requestId,
      trackingId: p.request.trackingId,
      result: clean,
      latencyMs,
    });
  }

  private expire(t: TenantRelay, p: Pending, reason: ExpiryReason): void {
    if (p.settled) return;
    this.expiredIds.add(p.request.requestId);
    if (this.expiredIds.size > 10_000)
      this.expiredIds.delete(this.expiredIds.values().next().value as string);
    this.log(t, { event: "expired", request: redactRequest(p.request), reason });
    p.settle({
      status: "expired",
      requestId: p.request.requestId,
      trackingId: p.request.trackingId,
      expiredAfterMs: this.expiryMs,
      reason,
    });
  }

  /**
   * Forgets a tenant that holds nothing: no agent, request, poller or fault. Only writes create
   * tenants and this drops them again, so asking about arbitrary tenant ids costs no memory.
   */
  private prune(tenantId: string, t: TenantRelay): void {
    if (this.tenants.get(tenantId) !== t) return;
    if (t.agents.size > 0 || t.queue.length > 0 || t.inFlight.size > 0 || t.pollers.length > 0) return;
    const f = t.faults;
    if ((Object.keys(NO_FAULTS) as (keyof RelayFaults)[]).some((k) => f[k] !== NO_FAULTS[k])) return;
    this.tenants.delete(tenantId);
  }

  /** The tenant's relay state, created for writes (register, attach, submit, faults). */
  private tenant(tenantId: string): TenantRelay {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { agents: new Map(), queue: [], inFlight: new Map(), pollers: [], faults: { ...NO_FAULTS } };
      this.tenants.set(tenantId, t);
      this.tenantIds.set(t, tenantId);
    }
    return t;
  }

  private readonly tenantIds = new WeakMap<TenantRelay, string>();

  private newInfo(
    agentId: string,
    mode: AgentInfo["mode"],
    info: { machineName: string; version: string },
  ): AgentInfo {
    const now = this.nowIso();
    return {
      agentId,
      mode,
      version: info.version,
      machineName: info.machineName,
      registeredAt: now,
      lastHeartbeatAt: now,
    };
  }

  private log(tenant: string | TenantRelay, entry: Omit<RelayJournalEntry, "at" | "tenantId">): void {
    const tenantId = typeof tenant === "string" ? tenant : (this.tenantIds.get(tenant) ?? "");
    this.journal.push({ at: this.nowIso(), tenantId, ...entry });
    if (this.journal.length > 10_000) this.journal.splice(0, this.journal.length - 10_000);
  }

  private nowIso(): string {
    return this.clock.date().toISOString();
  }
}
