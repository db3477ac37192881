/**
 * The Azure AD Connect server: installation state, the AD DS connector, the sync engine, the
 * ADSync/PasswordResetService services and the writeback agent, and the Application event log.
 * The configuration wizard (../wizard/) drives it; so do scenario steps (stop/start the service,
 * connector options, a sync run).
 */
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { SimClock } from "../../clock/sim-clock.ts";
import type { Cloud } from "../../cloud/core/cloud.ts";
import type { Tenant } from "../../cloud/core/tenant.ts";
import {
  type ConnectionOptions,
  defaultNamingContext,
  openConnection,
} from "../../ldap-client/connection.ts";
import { escapeFilterValue } from "../../ldap-client/values.ts";
import { sidFromBytes } from "../../security/sid.ts";
import type { CannotChangeHr } from "../agent/outcome-mapping.ts";
import { WritebackAgent } from "../agent/writeback-agent.ts";
import { EventLog } from "../events/event-log.ts";
import { createExpressConnectorAccount } from "./express-account.ts";
import { runSyncCycle, type SyncRunResult } from "./sync-engine.ts";

export interface ConnectorAccount {
  /** sAMAccountName, e.g. MSOL_0123456789ab (forest-login-user). */
  userName: string;
  /** NetBIOS or DNS domain (forest-login-domain), e.g. CONTOSO. */
  domain: string;
  /** What the connector binds with (UPN). */
  bindName: string;
  password: string;
}

export interface ConnectServerOptions {
  cloud: Cloud;
  tenantId: string;
  clock: SimClock;
  ids: SeededIds;
  events?: EventLog;
  /** The DC the AD connector talks to: ldaps://… or ldap://… (StartTLS). */
  dcUrl: string;
  /** Cleartext LDAP URL of the same DC, used when "Sign and Encrypt LDAP Traffic" is off. */
  plainDcUrl?: string;
  /** "custom" (existing connector account, default) or "express" (Connect creates MSOL_…). */
  installation?: "custom" | "express";
  /** Custom: the existing account. Default CONTOSO\MSOL_0123456789ab / Msol!Passw0rd#1. */
  connectorAccount?: ConnectorAccount;
  /** Express: the enterprise admin the installer typed (creates the account over LDAP). */
  enterpriseAdmin?: { bindName: string; password: string };
  passwordHashSync?: boolean;
  /** Forest / domain DNS name (connector name). Default contoso.com. */
  forest?: string;
  machineName?: string;
  version?: string;
  /**
   * The SAM path to the DC (NetUserGetInfo over SMB 445, without a wire): whether an account may call
   * SAM remotely under a RestrictRemoteSam value (the DC's own when `sddl` is absent). Only the
   * in-process DC offers it; without it no SAM check is made.
   */
  remoteSam?: RemoteSamPort;
}

export interface RemoteSamPort {
  allowed(samAccountName: string, sddl?: string): boolean;
}

export const DEFAULT_CONNECTOR_ACCOUNT: ConnectorAccount = {
  userName: "MSOL_0123456789ab",
  domain: "CONTOSO",
  bindName: "MSOL_0123456789ab@contoso.com",
  password: "Msol!Passw0rd#1",
};

export interface ConnectConfiguration {
  installation: "custom" | "express";
  passwordHashSync: boolean;
  passwordWriteback: boolean;
  /** Optional features the wizard shows but the simulation does not act on. */
  inertFeatures: Record<string, boolean>;
  /** Domain/OU filtering: included containers (empty = all). */
  includedContainers: string[];
  signAndEncrypt: boolean;
  stagingMode: boolean;
  /** Connect runs on a domain controller: this machine's settings are the DC's (SA-0029). */
  installedOnDc: boolean;
  /** This server's own RestrictRemoteSam value (a member server); on a DC the DC's value applies. */
  restrictRemoteSam?: string;
  /** How a change the user may not make is reported (writeback agent; default TSW's 80230619). */
  cannotChangePasswordHr: CannotChangeHr;
  /**
   * Which cloud role onboarding accepts: "hybridIdentityAdministrator" (Global or Hybrid Identity
   * Administrator: TUT 05/2026, TSW 03/2025, the default) or "globalAdministrator" (VH 2.0.3.0 known
   * issue: configuring SSPR "still requires a user with the Global Administrator role").
   */
  writebackOnboardingRole: "hybridIdentityAdministrator" | "globalAdministrator";
}

/** [CUSTOM], since build 1.4.18.0 (facts §3, §8 case 29). */
export const PRIVILEGED_CONNECTOR_REFUSAL =
  "Using an Enterprise or Domain administrator account for your AD forest account is not allowed. Let Microsoft Entra Connect create the account for you or specify a synchronization account with the correct permissions.";

export class ConnectInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectInstallError";
  }
}

/**
 * "Use existing account" on Connect your directories: the wizard signs in as the account and refuses
 * a member of Domain Admins or Enterprise Admins. Group SIDs come from the account's own
 * tokenGroups (MS-ADTS 3.1.1.4.5.19), read over LDAP as itself.
 */
async function refusePrivilegedConnector(dcUrl: string, connector: ConnectorAccount): Promise<void> {
  let client: Awaited<ReturnType<typeof openConnection>>;
  try {
    client = await openConnection({ url: dcUrl, bindName: connector.bindName, password: connector.password });
  } catch {
    // Not verifiable now (DC down, wrong password): the agent will report it on its first request.
    return;
  }
  try {
    const base = await defaultNamingContext(client);
    const name = connector.bindName;
    let dn: string | undefined = /^CN=/i.test(name) ? name : undefined;
    if (!dn) {
      const filter = name.includes("@")
        ? `(userPrincipalName=${escapeFilterValue(name)})`
        : `(sAMAccountName=${escapeFilterValue(name.split("\\").pop() ?? name)})`;
      const who = await client.search(base, { scope: "sub", filter, attributes: ["cn"] });
      dn = who.searchEntries[0]?.dn;
    }
    if (!dn) return;
    const tg = await client.search(dn, {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["tokenGroups"],
      explicitBufferAttributes: ["tokenGroups"],
    });
    const raw = tg.searchEntries[0]?.tokenGroups;
    const sids = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
      .filter((b): b is Buffer => Buffer.isBuffer(b))
      .map((b) => sidFromBytes(b).sid);
    if (sids.some((sid) => /-5(12|19)$/.test(sid) && sid.startsWith("S-1-5-21-"))) {
      throw new ConnectInstallError(PRIVILEGED_CONNECTOR_REFUSAL);
    }
  } catch (e) {
    if (e instanceof ConnectInstallError) throw e;
    // tokenGroups not readable: the wizard cannot tell, and goes on.
  } finally {
    await client.unbind().catch(() => {});
  }
}

export class ConnectServer {
  readonly events: EventLog;
  readonly agent: WritebackAgent;
  readonly tenant: Tenant;
  readonly config: ConnectConfiguration;
  readonly connector: ConnectorAccount;
  readonly forest: string;
  readonly machineName: string;
  readonly version: string;
  serviceRunning = true;
  syncRunInProgress = false;
  wizardOpen = false;
  /** Relay registration while writeback is onboarded. */
  private relayAgent?: { agentId: string; detach: () => void };
  /** True while the Service Bus path is known to be down (31044 is written once per outage). */
  private relayDown = false;
  private heartbeat?: { cancel(): void };
  /** Writeback was enabled on this server before (656/657 are logged only the first time). */
  private writebackEverEnabled = false;

  private constructor(
    readonly opts: ConnectServerOptions,
    connector: ConnectorAccount,
    installation: "custom" | "express",
  ) {
    this.events = opts.events ?? new EventLog(opts.clock);
    this.tenant = opts.cloud.mustTenant(opts.tenantId);
    this.connector = connector;
    this.forest = opts.forest ?? "contoso.com";
    this.machineName = opts.machineName ?? "AADCONNECT01";
    this.version = opts.version ?? "2.4.129.0";
    this.config = {
      installation,
      passwordHashSync: opts.passwordHashSync ?? true,
      passwordWriteback: false,
      inertFeatures: {},
      includedContainers: [],
      signAndEncrypt: true,
      stagingMode: false,
      installedOnDc: false,
      cannotChangePasswordHr: "80230619",
      writebackOnboardingRole: "hybridIdentityAdministrator",
    };
    this.agent = new WritebackAgent({
      dcUrl: opts.dcUrl,
      plainDcUrl: opts.plainDcUrl,
      bindName: connector.bindName,
      password: connector.password,
      events: this.events,
      clock: opts.clock,
      connectorAccountName: `${connector.domain}\\${connector.userName}`,
      samUserInfo: () => this.samUserInfo(),
    });
  }

  /** Installs Connect: express creates the connector account over LDAP; custom uses the existing one. */
  static async install(opts: ConnectServerOptions): Promise<ConnectServer> {
    const installation = opts.installation ?? "custom";
    let connector = opts.connectorAccount ?? DEFAULT_CONNECTOR_ACCOUNT;
    if (installation === "express") {
      if (!opts.enterpriseAdmin)
        throw new Error("an express installation needs the enterprise admin credentials");
      const acct = await createExpressConnectorAccount(
        { url: opts.dcUrl, ...opts.enterpriseAdmin },
        opts.ids.fork("express"),
      );
      connector = {
        userName: acct.samAccountName,
        domain: DEFAULT_CONNECTOR_ACCOUNT.domain,
        bindName: acct.userPrincipalName,
        password: acct.password,
      };
    }
    if (installation === "custom") await refusePrivilegedConnector(opts.dcUrl, connector);
    return new ConnectServer(opts, connector, installation);
  }

  connectorConnection(): ConnectionOptions {
    return { url: this.opts.dcUrl, bindName: this.connector.bindName, password: this.connector.password };
  }

  /** One synchronization cycle (delta and full are the same here). Refused while the wizard is open. */
  async runSync(): Promise<SyncRunResult> {
    if (this.wizardOpen)
      throw new Error("The synchronization scheduler is suspended while the configuration wizard is open.");
    if (!this.serviceRunning) throw new Error("The Microsoft Azure AD Sync service (ADSync) is not running.");
    this.syncRunInProgress = true;
    const client = await openConnection(this.connectorConnection());
    try {
      const baseDn = await defaultNamingContext(client);
      return await runSyncCycle(client, this.tenant, {
        baseDn,
        dnsDomain: this.forest,
        includedContainers: this.config.includedContainers,
      });
    } finally {
      this.syncRunInProgress = false;
      await client.unbind().catch(() => {});
    }
  }

  /** Writeback onboarded with the tenant: the agent listens on the relay. Called by the wizard's Configure. */
  attachWriteback(): void {
    if (this.relayAgent) return;
    this.relayAgent = this.opts.cloud.relay.attachAgent(this.tenant.id, this.agent, {
      machineName: this.machineName,
      version: this.version,
    });
    this.config.passwordWriteback = true;
    if (!this.serviceRunning) this.opts.cloud.relay.setFaults(this.tenant.id, { agentStopped: true });
    // PasswordResetService reports to the Service Bus every 5 minutes ([CONCEPT-ENTRA]).
    this.heartbeat ??= this.opts.clock.every(5 * 60_000, () => this.checkRelayConnection());
  }

  /**
   * What the listener sees of the Service Bus now: with the relay unreachable, 32002 ("Error
   * Connecting to ServiceBus…") on every attempt and 31044 ("…No serviceHost…") once per outage;
   * back in reach, one 31019 heartbeat. Runs every 5 simulated minutes while writeback is on; the
   * harness also calls it right after injecting or clearing a relay fault.
   */
  checkRelayConnection(): void {
    if (!this.config.passwordWriteback || !this.serviceRunning) return;
    const down = this.opts.cloud.relay.faults(this.tenant.id).relayUnreachable;
    if (down) {
      const trackingId = this.opts.ids.guid();
      this.events.write(32002, { trackingId });
      if (!this.relayDown) this.events.write(31044, { trackingId });
      this.relayDown = true;
    } else if (this.relayDown) {
      this.relayDown = false;
      this.events.write(31019, { trackingId: this.opts.ids.guid() });
    }
  }

  /**
   * TUT: "Enabling password writeback for the first time might trigger password change events 656
   * and 657, even if a password change hasn't occurred. This is because all password hashes are
   * resynchronized after a password hash synchronization cycle runs." Logged here for every synced
   * user, as the wizard's sync after Configure would (only with password hash sync on).
   */
  resyncPasswordHashesAfterFirstWriteback(): void {
    if (this.writebackEverEnabled) return;
    this.writebackEverEnabled = true;
    if (!this.config.passwordHashSync) return;
    for (const u of this.tenant.listUsers()) {
      if (!u.onPremisesSyncEnabled || !u.onPremisesImmutableId) continue;
      const context = {
        cloudAnchor: `User_${u.id}`,
        sourceAnchorValue: u.onPremisesImmutableId,
        userPrincipalName: u.userPrincipalName,
        distinguishedName: u.onPremisesDistinguishedName ?? undefined,
      };
      this.events.write(656, { context });
      this.events.write(657, { context });
    }
  }

  /** Offboarding (wizard with the Password writeback box cleared). */
  detachWriteback(): void {
    this.relayAgent?.detach();
    this.relayAgent = undefined;
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
    this.relayDown = false;
    this.config.passwordWriteback = false;
  }

  /** Stops ADSync (and with it PasswordResetService): no heartbeats, no deliveries; 31016. */
  async stopService(): Promise<void> {
    if (!this.serviceRunning) return;
    this.serviceRunning = false;
    this.opts.cloud.relay.setFaults(this.tenant.id, { agentStopped: true });
    if (this.config.passwordWriteback) this.events.write(31016, {});
    await this.agent.close();
  }

  /** Starts ADSync; with writeback configured the listener comes back (31015). */
  startService(): void {
    if (this.serviceRunning) return;
    this.serviceRunning = true;
    this.opts.cloud.relay.setFaults(this.tenant.id, { agentStopped: false });
    if (this.config.passwordWriteback) this.events.write(31015, {});
  }

  /**
   * NetUserGetInfo for the connector account: refused when the DC's RestrictRemoteSam value, or this
   * server's own (a member server; on a DC they are one machine), does not grant it Remote Access
   * (SA-0029 cause 3: "the Connect server or the domain controller").
   */
  private samUserInfo(): "ok" | "accessDenied" {
    const port = this.opts.remoteSam;
    if (!port) return "ok";
    const account = this.connector.userName;
    if (!port.allowed(account)) return "accessDenied";
    const own = this.config.installedOnDc ? undefined : this.config.restrictRemoteSam;
    if (own !== undefined && !port.allowed(account, own)) return "accessDenied";
    return "ok";
  }

  /** Settings of the Connect server outside the wizard (scenario step connect.setServerOption). */
  async setServerOptions(
    o: Partial<
      Pick<
        ConnectConfiguration,
        "installedOnDc" | "restrictRemoteSam" | "cannotChangePasswordHr" | "writebackOnboardingRole"
      >
    >,
  ): Promise<void> {
    Object.assign(this.config, o);
    if (o.cannotChangePasswordHr)
      await this.agent.configure({ cannotChangePasswordHr: o.cannotChangePasswordHr });
  }

  /** "Sign and Encrypt LDAP Traffic" in the AD connector (facts §8 case 19). */
  async setSignAndEncrypt(on: boolean): Promise<void> {
    this.config.signAndEncrypt = on;
    await this.agent.configure({ signAndEncrypt: on });
  }

  /** What Get-ADSyncADConnectorAccount reads (forest-login-user / forest-login-domain). */
  connectorAccountRef() {
    return {
      userName: this.connector.userName,
      domain: this.connector.domain,
      connectorName: this.forest,
      forest: this.forest,
    };
  }

  async close(): Promise<void> {
    this.detachWriteback();
    await this.agent.close();
  }
}
