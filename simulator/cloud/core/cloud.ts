/**
 * The simulated Entra ID as one transport-free object: tenants, the writeback relay, the token
 * service, SSPR sessions and Graph long-running operations, all on one SimClock and one SeededIds.
 * The fastify app and the msw handlers are thin adapters over this (see ../api/).
 */
import { SeededIds } from "../../clock/seeded-ids.ts";
import { SimClock } from "../../clock/sim-clock.ts";
import { type RelayOptions, WritebackRelay } from "../relay/relay.ts";
import type { PasswordOperation } from "./admin-password-ops.ts";
import { PasswordOps } from "./admin-password-ops.ts";
import type { CloudFaults, CloudPorts } from "./cloud-ports.ts";
import { SsprFlow, type SsprSession } from "./sspr-session.ts";
import { Tenant } from "./tenant.ts";
import { TokenService } from "./tokens.ts";

export interface CloudOptions {
  clock?: SimClock;
  ids?: SeededIds;
  relay?: Omit<RelayOptions, "clock" | "ids">;
}

export class Cloud {
  readonly clock: SimClock;
  readonly ids: SeededIds;
  readonly relay: WritebackRelay;
  readonly tokens: TokenService;
  readonly tenants = new Map<string, Tenant>();
  /** Cloud-side faults (the relay has its own, per tenant). */
  readonly faults: CloudFaults = { cloudPasswordWriteFails: false };
  /** The SSPR portal flow. */
  readonly sspr: SsprFlow;
  /** Admin and user password operations (Entra portal, M365 admin center, Graph). */
  readonly passwords: PasswordOps;
  private readonly requestIds: SeededIds;

  constructor(opts: CloudOptions = {}) {
    this.clock = opts.clock ?? new SimClock();
    this.ids = opts.ids ?? new SeededIds("writeback-sim:cloud");
    this.relay = new WritebackRelay({ clock: this.clock, ids: this.ids.fork("relay"), ...opts.relay });
    this.tokens = new TokenService(this.clock, this.ids.fork("tokens"));
    this.requestIds = this.ids.fork("request-ids");
    const ports: CloudPorts = {
      clock: this.clock,
      ids: this.ids,
      relay: this.relay,
      faults: this.faults,
      newRequestId: () => this.newRequestId(),
      tenant: (id) => this.tenants.get(id),
      resolveTenant: (segment) => this.resolveTenant(segment),
    };
    this.sspr = new SsprFlow(ports);
    this.passwords = new PasswordOps(ports);
  }

  /** Open SSPR portal sessions by id (owned by the SSPR flow). */
  get ssprSessions(): ReadonlyMap<string, SsprSession> {
    return this.sspr.sessions;
  }

  /** Graph longRunningOperations by id (resetPassword; owned by the password operations). */
  get operations(): ReadonlyMap<string, PasswordOperation> {
    return this.passwords.operations;
  }

  addTenant(opts: {
    id: string;
    initialDomain: string;
    verifiedDomains?: string[];
    displayName?: string;
  }): Tenant {
    const t = new Tenant({ ...opts, ids: this.ids.fork(`tenant:${opts.id}`), clock: this.clock });
    this.tenants.set(t.id, t);
    return t;
  }

  /** Resolves the `{tenant}` of a login URL: a tenant id or any of its domains (case-insensitive). */
  resolveTenant(segment: string): Tenant | undefined {
    const s = segment.toLowerCase();
    const byId = this.tenants.get(s);
    if (byId) return byId;
    for (const t of this.tenants.values()) if (t.domains.includes(s)) return t;
    return undefined;
  }

  mustTenant(id: string): Tenant {
    const t = this.tenants.get(id);
    if (!t) throw new Error(`no tenant ${id}`);
    return t;
  }

  /** A request/trace/correlation id (seeded, so transcripts replay). */
  newRequestId(): string {
    return this.requestIds.guid();
  }

  nowIso(): string {
    return this.clock.date().toISOString();
  }
}
