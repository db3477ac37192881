/**
 * A running writeback environment: a DC, the simulated Entra ID, Azure AD Connect with its writeback
 * agent, and the admin tools signed in as CONTOSO\Administrator, all on ONE simulated clock.
 *
 *   createEnvironment({ world = "contoso", personality = "windows", target = "fake", seed?, credentials? })
 *
 * target:
 *  - "fake" (default): the in-process fake DC with LDAP (StartTLS) and LDAPS on ephemeral 127.0.0.1 ports;
 *  - "samba-container": a real Samba AD DC in a container (harness/targets/samba-container.ts);
 *  - "ldap://…" / "ldaps://…": a DC the user owns, with `credentials` for its administrator.
 * On a real DC the agent and the admin tools talk LDAP to it; steps that need the in-process DC
 * (clock.advance, ad.runSdProp) throw NotApplicableError.
 *
 * Connect is installed the way the world says (custom with the existing CONTOSO\MSOL_0123456789ab, or
 * express for contoso-express, which creates its own MSOL_ account over LDAP) and runs one sync, so
 * the cloud holds the AD users with their real objectGUIDs (sourceAnchor) and SIDs. Password hash sync
 * is on (Connect's default), so the cloud knows each synced user's AD password.
 *
 * snapshot()/restore() capture everything: the DC (Directory.snapshot), the clock, the cloud and
 * Connect (in place, see environment-state.ts).
 */

import { Client } from "ldapts";
import { AducConsole } from "../simulator/admin-tools/index.ts";
import { SeededIds } from "../simulator/clock/seeded-ids.ts";
import { SimClock } from "../simulator/clock/sim-clock.ts";
// The cloud's core, not its index: the index also loads the fastify and msw front ends, which only
// cloudUrl() and "writeback-sim/msw" need (wbsim run starts in a fraction of the time without them).
import { Cloud } from "../simulator/cloud/core/cloud.ts";
import { CONTOSO_TENANT_ID } from "../simulator/cloud/core/constants.ts";
import { createContosoTenant, seedContosoSyncedUsers } from "../simulator/cloud/core/contoso.ts";
import type { Tenant } from "../simulator/cloud/core/tenant.ts";
import type { WritebackResult } from "../simulator/cloud/index.ts";
import { ConnectServer } from "../simulator/connect/index.ts";
import { Directory, type DirectorySnapshot } from "../simulator/directory/index.ts";
import { createLdapServer, type LdapServer } from "../simulator/ldap/index.ts";
import { DirectorySession } from "../simulator/ldap-client/index.ts";
import { CONTOSO_ACCOUNTS } from "../simulator/worlds/contoso.ts";
import { createDirectory, getWorld, type WorldName } from "../simulator/worlds/index.ts";
import { type AccessAnswer, answerAccess } from "./environment-access.ts";
import { EnvironmentEvents, type EventMark } from "./environment-events.ts";
import { captureGraph, type GraphSnapshot, restoreGraph } from "./environment-state.ts";
import type { RunnableEnvironment } from "./run/run-scenario.ts";
import type { LoggedEvent } from "./run/types.ts";

export type TargetKind = "fake" | "samba-container" | "external";

export interface DcCredentials {
  /** The DC administrator (DN, UPN or DOMAIN\\name). */
  admin: string;
  adminPassword: string;
  /** The AD DS connector account Connect binds with (default MSOL_0123456789ab@contoso.com). */
  connector?: string;
  connectorPassword?: string;
}

export interface EnvironmentOptions {
  world?: WorldName;
  personality?: "windows" | "samba";
  /** "fake" (default), "samba-container", or an ldap:// / ldaps:// URL of an external DC. */
  target?: string;
  /** Seed of every id generator (transcripts replay byte for byte with the same seed). */
  seed?: string;
  /** External DC only. */
  credentials?: DcCredentials;
  /** Fake DC only: where to listen (default 127.0.0.1, ephemeral ports), e.g. for wbsim serve. */
  listen?: { host?: string; ldapPort?: number; ldapsPort?: number };
}

/** Where the DC is and who administers it. */
export interface DcEndpoint {
  ldapUrl?: string;
  ldapsUrl: string;
  baseDn: string;
  adminBindName: string;
  adminPassword: string;
}

export interface EnvironmentSnapshot {
  readonly directory?: DirectorySnapshot;
  readonly graph: GraphSnapshot;
}

const ADMIN_PASSWORD = CONTOSO_ACCOUNTS.find((a) => a.name === "Administrator")!.password;

export class Environment implements RunnableEnvironment {
  /** "fake", "samba-container" or the external URL. */
  readonly target: string;
  readonly targetKind: TargetKind;
  readonly events: EnvironmentEvents;
  /** Per-run state the steps keep (part of snapshots). */
  readonly stepState: {
    /** The last answer the writeback agent gave during the current step (reset by markEvents). */
    lastWriteback?: WritebackResult;
    /** Whether the scenario explicitly turned View > Advanced Features off. */
    advancedFeaturesExplicitlyOff: boolean;
  } = { advancedFeaturesExplicitlyOff: false };
  private httpServer?: Promise<{ url: string; close(): Promise<void> }>;
  private closed = false;
  private release?: () => Promise<void>;

  constructor(
    readonly world: WorldName,
    readonly personality: "windows" | "samba",
    target: string,
    readonly clock: SimClock,
    readonly ids: SeededIds,
    readonly dc: DcEndpoint,
    /** The in-process DC; undefined on a real DC. */
    readonly directory: Directory | undefined,
    readonly cloud: Cloud,
    readonly tenant: Tenant,
    readonly connect: ConnectServer,
    /** ADUC (and the session dsacls and PowerShell use) signed in as CONTOSO\Administrator. */
    readonly aduc: AducConsole,
    private readonly stopDc: () => Promise<void>,
  ) {
    this.target = target;
    this.targetKind = target === "fake" || target === "samba-container" ? target : "external";
    this.events = new EnvironmentEvents(connect.events, directory);
    // Tap the agent's answers so a step can report the DC's LDAP result, as Connect's trace shows it.
    const agent = connect.agent;
    const handle = agent.handle.bind(agent);
    agent.handle = async (request) => {
      const result = await handle(request);
      this.stepState.lastWriteback = result;
      return result;
    };
  }

  get session(): DirectorySession {
    return this.aduc.session;
  }

  // ── RunnableEnvironment ─────────────────────────────────────────────────────────────────────

  markEvents(): EventMark {
    this.stepState.lastWriteback = undefined;
    return this.events.mark();
  }

  eventsSince(mark: unknown): LoggedEvent[] {
    return this.events.since(mark as EventMark);
  }

  async readAttribute(dn: string, attribute: string): Promise<string[] | null> {
    try {
      const { searchEntries } = await this.session.client.search(dn, {
        scope: "base",
        filter: "(objectClass=*)",
        attributes: [attribute],
      });
      const e = searchEntries[0];
      if (!e) return null;
      const key = Object.keys(e).find((k) => k.toLowerCase() === attribute.toLowerCase());
      const v = key ? e[key] : undefined;
      if (v === undefined) return [];
      return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString("utf8") : String(x)));
    } catch (err) {
      if ((err as { code?: number }).code === 32) return null;
      throw err;
    }
  }

  async checkAccess(principal: string, object: string, right: string): Promise<boolean> {
    return (await this.explainAccess(principal, object, right)).decision.granted;
  }

  /** The access decision with its explanation (deciding ACE, near misses). */
  explainAccess(principal: string, object: string, right: string): Promise<AccessAnswer> {
    return answerAccess(this.session, this.directory, principal, object, right);
  }

  // ── cloud front ends ────────────────────────────────────────────────────────────────────────

  /** The cloud's HTTP base URL, on an ephemeral 127.0.0.1 port unless told otherwise (started on first use). */
  async cloudUrl(listen: { host?: string; port?: number } = {}): Promise<string> {
    this.httpServer ??= import("../simulator/cloud/http/start.ts").then(({ startCloudHttp }) =>
      startCloudHttp({
        cloud: this.cloud,
        host: listen.host ?? "127.0.0.1",
        port: listen.port ?? 0,
      }),
    );
    return (await this.httpServer).url;
  }

  // ── snapshot / restore ──────────────────────────────────────────────────────────────────────

  /** The whole state; restore() brings this environment back to it. Only valid for this environment. */
  async snapshot(): Promise<EnvironmentSnapshot> {
    await this.connect.agent.close(); // the agent reconnects on its next request
    return {
      directory: this.directory?.snapshot(),
      graph: captureGraph(this.graphRoots(), isExternalResource),
    };
  }

  async restore(s: EnvironmentSnapshot): Promise<void> {
    if (!this.directory && s.directory === undefined && this.targetKind !== "fake") {
      throw new Error("restore needs the in-process DC: a real DC's state can't be rolled back");
    }
    await this.connect.agent.close();
    if (s.directory) this.directory?.restore(s.directory);
    restoreGraph(s.graph);
  }

  private graphRoots(): object[] {
    return [
      this.clock,
      this.ids,
      this.cloud,
      this.connect,
      this.aduc,
      this.stepState,
      ...(this.directory ? [this.directory.dc.ids] : []),
    ];
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────────

  /**
   * Lends the environment to one user (a scenario run, a test): their close() calls `release`
   * instead of shutting it down. See EnvironmentPool.
   */
  lend(release: () => Promise<void>): this {
    if (this.release) throw new Error("this environment is already lent out");
    this.release = release;
    return this;
  }

  /** Ends this use: returns a lent environment to its owner, or shuts it down. */
  async close(): Promise<void> {
    const release = this.release;
    if (release) {
      this.release = undefined;
      return release();
    }
    await this.shutdown();
  }

  /** Stops everything: Connect, the admin session, the cloud's HTTP server, the DC. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connect.close().catch(() => {});
    await this.aduc.close().catch(() => {});
    if (this.httpServer) await (await this.httpServer).close().catch(() => {});
    await this.stopDc();
  }
}

/** Objects the graph snapshot keeps by reference: the fake DC, LDAP clients and sessions. */
function isExternalResource(v: object): boolean {
  return v instanceof Directory || v instanceof Client || v instanceof DirectorySession;
}

export async function createEnvironment(opts: EnvironmentOptions = {}): Promise<Environment> {
  const world = opts.world ?? "contoso";
  const definition = getWorld(world); // an unknown name is refused here, before anything starts
  const personality = opts.personality ?? "windows";
  const target = opts.target ?? "fake";
  const seed = opts.seed ?? "wbsim";
  const clock = new SimClock();
  const ids = new SeededIds(seed);

  let directory: Directory | undefined;
  let endpoint: DcEndpoint;
  let stopDc: () => Promise<void>;
  let connector = opts.credentials?.connector
    ? { bindName: opts.credentials.connector, password: opts.credentials.connectorPassword ?? "" }
    : undefined;
  if (target === "fake") {
    directory = createDirectory({ world, personality, clock, seed });
    const ldap: LdapServer = createLdapServer(directory, {
      host: opts.listen?.host ?? "127.0.0.1",
      ldapPort: opts.listen?.ldapPort ?? 0,
      ldapsPort: opts.listen?.ldapsPort ?? 0,
    });
    const urls = await ldap.listen();
    endpoint = {
      ldapUrl: urls.ldapUrl,
      ldapsUrl: urls.ldapsUrl!,
      baseDn: directory.baseDn,
      adminBindName: `CN=Administrator,CN=Users,${directory.baseDn}`,
      adminPassword: ADMIN_PASSWORD,
    };
    stopDc = () => ldap.close();
  } else if (target === "samba-container") {
    const { startSambaDc } = await import("./targets/samba-container.ts");
    const samba = await startSambaDc();
    endpoint = {
      ldapUrl: samba.ldapUrl,
      ldapsUrl: samba.ldapsUrl,
      baseDn: samba.baseDn,
      adminBindName: samba.adminDn,
      adminPassword: samba.adminPassword,
    };
    stopDc = () => samba.stop();
  } else if (/^ldaps?:\/\//i.test(target)) {
    if (!opts.credentials) throw new Error(`target ${target} needs the DC administrator's credentials`);
    const ldaps = /^ldaps:/i.test(target);
    endpoint = {
      ldapUrl: ldaps ? undefined : target,
      ldapsUrl: target,
      baseDn: "",
      adminBindName: opts.credentials.admin,
      adminPassword: opts.credentials.adminPassword,
    };
    stopDc = async () => {};
  } else {
    throw new Error(`unknown target "${target}" (expected fake, samba-container, ldap://… or ldaps://…)`);
  }

  const cleanups: (() => Promise<void>)[] = [stopDc];
  try {
    const aduc = await AducConsole.open({
      url: endpoint.ldapsUrl,
      bindName: endpoint.adminBindName,
      password: endpoint.adminPassword,
    });
    cleanups.unshift(() => aduc.close());
    endpoint.baseDn ||= (await aduc.session.domainInfo()).defaultNamingContext;

    const cloud = new Cloud({ clock, ids: ids.fork("cloud") });
    const tenant = createContosoTenant(cloud);
    // The contoso users as Connect exported them earlier, with their registered methods and, through
    // password hash sync, their AD passwords; the sync run below brings the real anchors and SIDs.
    const phs = Object.fromEntries(CONTOSO_ACCOUNTS.map((a) => [a.name, { password: a.password }]));
    seedContosoSyncedUsers(tenant, phs);

    const express = definition.connectInstallation === "express";
    if (express) connector = undefined;
    const connect = await ConnectServer.install({
      cloud,
      tenantId: CONTOSO_TENANT_ID,
      clock,
      ids: ids.fork("connect"),
      dcUrl: endpoint.ldapsUrl,
      plainDcUrl: endpoint.ldapUrl,
      installation: express ? "express" : "custom",
      enterpriseAdmin: express
        ? { bindName: endpoint.adminBindName, password: endpoint.adminPassword }
        : undefined,
      ...(connector
        ? {
            connectorAccount: {
              userName: connector.bindName.split("@")[0].split("\\").pop() ?? connector.bindName,
              domain: "CONTOSO",
              bindName: connector.bindName,
              password: connector.password,
            },
          }
        : {}),
      // The SAM path (NetUserGetInfo over SMB) exists only towards the in-process DC.
      ...(directory ? { remoteSam: directoryRemoteSam(directory) } : {}),
    });
    cleanups.unshift(() => connect.close());
    await connect.runSync();
    return new Environment(
      world,
      personality,
      target,
      clock,
      ids,
      endpoint,
      directory,
      cloud,
      tenant,
      connect,
      aduc,
      stopDc,
    );
  } catch (err) {
    for (const c of cleanups) await c().catch(() => {});
    throw err;
  }
}

/** The in-process DC's answer to Connect's NetUserGetInfo call (RestrictRemoteSam, remote-sam.ts). */
function directoryRemoteSam(directory: Directory) {
  return {
    allowed(samAccountName: string, sddl?: string): boolean {
      const sid = directory.findBySamAccountName(samAccountName)?.sid;
      return !sid || directory.remoteSamAllowed(sid, sddl ?? directory.restrictRemoteSam);
    },
  };
}
