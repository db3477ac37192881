/**
 * Connect's PasswordResetService listener over the relay's HTTP protocol (simulator/cloud/relay/
 * relay.ts): register with the admin's token (as onboarding does), long-poll for requests, hand each
 * to the writeback agent, post the result, heartbeat every 5 minutes; 503 from the relay is the
 * Service Bus being unreachable (32002). This is how our agent runs out of process, e.g. against a
 * `wbsim serve` cloud and a real DC. Real time here: an HTTP peer runs on the wall clock.
 */
import type { WritebackAgentHandler, WritebackRequest } from "../../cloud/relay/types.ts";
import type { EventLog } from "../events/event-log.ts";

export interface HttpRelayListenerOptions {
  /** Base URL of the simulated cloud, e.g. http://127.0.0.1:10080. */
  baseUrl: string;
  tenantId: string;
  /** Bearer access token of a Global or Hybrid Identity Administrator (registration only). */
  adminToken: string;
  agent: WritebackAgentHandler;
  events?: EventLog;
  machineName?: string;
  version?: string;
  /** Long-poll wait per request, real ms (default 20 000). */
  pollWaitMs?: number;
  /** Pause after a failed poll, real ms (default 1 000). */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export class RelayRegistrationError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const msg = (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${status}`;
    super(`writeback onboarding refused: ${msg}`);
    this.name = "RelayRegistrationError";
  }
}

export class HttpRelayListener {
  agentId?: string;
  private relayKey?: string;
  private running = false;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private heartbeatTimer?: NodeJS.Timeout;
  /** Requests handled, for callers that wait on progress. */
  handled = 0;
  private readonly f: typeof fetch;

  constructor(private readonly opts: HttpRelayListenerOptions) {
    this.f = opts.fetch ?? fetch;
  }

  private base(): string {
    return `${this.opts.baseUrl.replace(/\/$/, "")}/relay/${encodeURIComponent(this.opts.tenantId)}/agents`;
  }

  /** Registers with the relay and starts listening. */
  async start(): Promise<{ agentId: string }> {
    const r = await this.f(this.base(), {
      method: "POST",
      headers: { authorization: `Bearer ${this.opts.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        machineName: this.opts.machineName ?? "AADCONNECT01",
        version: this.opts.version ?? "2.4.129.0",
      }),
    });
    const body = await r.json().catch(() => undefined);
    if (r.status !== 201) throw new RelayRegistrationError(r.status, body);
    const { agentId, relayKey, heartbeatIntervalSeconds } = body as {
      agentId: string;
      relayKey: string;
      heartbeatIntervalSeconds: number;
    };
    this.agentId = agentId;
    this.relayKey = relayKey;
    this.running = true;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), heartbeatIntervalSeconds * 1000);
    this.heartbeatTimer.unref();
    this.loop = this.run();
    return { agentId };
  }

  private auth(): Record<string, string> {
    return { authorization: `Relay ${this.relayKey}` };
  }

  private async heartbeat(): Promise<void> {
    const r = await this.f(`${this.base()}/${this.agentId}/heartbeat`, {
      method: "POST",
      headers: this.auth(),
    }).catch(() => undefined);
    if (!r || r.status === 503) this.opts.events?.write(32002, {});
  }

  private async run(): Promise<void> {
    const wait = this.opts.pollWaitMs ?? 20_000;
    while (this.running) {
      this.abort = new AbortController();
      let r: Response;
      try {
        r = await this.f(`${this.base()}/${this.agentId}/requests?waitMs=${wait}`, {
          headers: this.auth(),
          signal: this.abort.signal,
        });
      } catch {
        if (!this.running) return;
        this.opts.events?.write(32002, {});
        await sleep(this.opts.retryDelayMs ?? 1000);
        continue;
      }
      if (r.status === 204) continue;
      if (r.status !== 200) {
        await r.body?.cancel();
        if (r.status === 503) this.opts.events?.write(32002, {});
        await sleep(this.opts.retryDelayMs ?? 1000);
        continue;
      }
      const request = (await r.json()) as WritebackRequest;
      const result = await this.opts.agent.handle(request);
      const post = await this.f(`${this.base()}/${this.agentId}/results`, {
        method: "POST",
        headers: { ...this.auth(), "content-type": "application/json" },
        body: JSON.stringify(result),
      }).catch(() => undefined);
      await post?.body?.cancel();
      this.handled++;
    }
  }

  /** Stops listening; with offboard=true also unregisters from the relay (DELETE). */
  async stop(offboard = false): Promise<void> {
    this.running = false;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.abort?.abort();
    await this.loop?.catch(() => {});
    if (offboard && this.agentId) {
      const r = await this.f(`${this.base()}/${this.agentId}`, {
        method: "DELETE",
        headers: this.auth(),
      }).catch(() => undefined);
      await r?.body?.cancel();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
