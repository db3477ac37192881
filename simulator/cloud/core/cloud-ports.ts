/**
 * What the cloud's parts (the SSPR flow, the password operations) may use of the cloud: its clock
 * and ids, the writeback relay, the cloud-side faults, request ids and tenant lookup. Each part gets
 * this narrow object, never the Cloud itself, so no part can reach its siblings or the tenant map.
 */
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { SimClock } from "../../clock/sim-clock.ts";
import type { WritebackRelay } from "../relay/relay.ts";
import type { Tenant } from "./tenant.ts";

export interface CloudFaults {
  cloudPasswordWriteFails: boolean;
}

export interface CloudPorts {
  readonly clock: SimClock;
  /** The cloud's own id stream (captchas); parts fork their own streams from it. */
  readonly ids: SeededIds;
  readonly relay: WritebackRelay;
  readonly faults: Readonly<CloudFaults>;
  /** A request/trace/correlation id (seeded, so transcripts replay). */
  newRequestId(): string;
  /** A tenant by id. */
  tenant(id: string): Tenant | undefined;
  /** The `{tenant}` of a login URL or a user's domain: a tenant id or any of its domains. */
  resolveTenant(segment: string): Tenant | undefined;
}
