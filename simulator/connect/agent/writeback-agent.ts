/**
 * The on-premises writeback agent of Azure AD Connect (PasswordResetService + the sync engine's
 * password set): a real LDAP client that binds as the AD DS connector account, takes requests from
 * the relay, finds the AD user from the cloud anchor and writes the password, then reports events
 * and the relay result.
 *
 * LDAP operations (sspr-writeback-facts.md §7, samba-observations.md §2):
 *  - reset:  Modify replace unicodePwd "<new>" (+ LDAP_SERVER_POLICY_HINTS when the DC has it);
 *            then lockoutTime 0 when the account is locked and the request unlocks, and pwdLastSet
 *            0 (force change) or -1 (clear the force-change flag) when the request says so.
 *  - change: Modify delete unicodePwd "<old>", add unicodePwd "<new>" (one request).
 *  - unlock: Modify replace lockoutTime 0.
 * Writing pwdLastSet -1 on an SSPR reset and unlocking only locked accounts are our reading of why
 * the documented permissions are needed (UNVERIFIED: no source spells out Connect's LDAP requests).
 */
import { Attribute, Change, type Client } from "ldapts";
import type { SimClock } from "../../clock/sim-clock.ts";
import type {
  WritebackAgentHandler,
  WritebackOrigin,
  WritebackOutcome,
  WritebackRequest,
  WritebackResult,
} from "../../cloud/relay/types.ts";
import { LdapConnectError, openConnection, type Transport } from "../../ldap-client/connection.ts";
import {
  POLICY_HINTS_DEPRECATED_OID,
  POLICY_HINTS_OID,
  policyHintsControl,
  SdFlags,
  sdFlagsControl,
} from "../../ldap-client/controls.ts";
import { type LdapOutcome, outcomeOf } from "../../ldap-client/outcome.ts";
import { quotedUnicodePwd } from "../../ldap-client/values.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { guidFromBytes } from "../../security/guid.ts";
import { AceType } from "../../security/types.ts";
import type { EventLog } from "../events/event-log.ts";
import type { WritebackContext } from "../events/types.ts";
import { accountState, hasLockoutTime, locateUser } from "./locate-user.ts";
import {
  type CannotChangeHr,
  type Failure,
  failureFromLdap,
  NO_POLICY_CONTROL_TEXT,
} from "./outcome-mapping.ts";

const CHANGE_PASSWORD_RIGHT = "ab721a53-1e2f-11d0-9819-00aa0040529b";

export const DEFAULT_CONNECTOR_BIND_NAME = "MSOL_0123456789ab@contoso.com";

export interface WritebackAgentOptions {
  /** ldaps://… or ldap://… (StartTLS) URL of the DC the connector uses. */
  dcUrl: string;
  /**
   * Cleartext URL used when signAndEncrypt is false ("Sign and Encrypt LDAP Traffic" off in the
   * connector): the agent then binds and writes over plain LDAP, as such a connector would.
   */
  plainDcUrl?: string;
  /** Default true. false models the connector setting off (facts §8 case 19, 8023062C). */
  signAndEncrypt?: boolean;
  transport?: Transport;
  /** Connector account (UPN, DN or DOMAIN\\name). Default MSOL_0123456789ab@contoso.com. */
  bindName?: string;
  password: string;
  /**
   * Policy hints: "auto" (default) sends the control when the rootDSE lists it; without it, fails like
   * Connect on a Windows DC (6329 "…doesn't contain the LDAP password policy control") and proceeds on
   * a Samba DC (vendorName "Samba Team"), whose resets then skip the history check. "off" never sends it.
   */
  policyHints?: "auto" | "off";
  /** How a change the user may not make is reported (outcome-mapping.ts); default "80230619" (TSW). */
  cannotChangePasswordHr?: CannotChangeHr;
  /**
   * The SAM path: NetUserGetInfo for the connector account over SMB 445 (PORTS: "during password
   * writeback"), as the DC and the Connect server's RestrictRemoteSam settings decide it (SA-0029
   * cause 3). Absent: no SAM path is modelled (a real DC, or the Samba container).
   */
  samUserInfo?: () => "ok" | "accessDenied";
  /** DOMAIN\name of the connector account, as the 6329 SAM text names it. */
  connectorAccountName?: string;
  events: EventLog;
  clock: SimClock;
}

interface DcFacts {
  defaultNamingContext: string;
  supportedControls: Set<string>;
  vendorName?: string;
}

type Family = { start: number; success: number; fail: number };

function family(origin: WritebackOrigin, kind: WritebackRequest["kind"]): Family {
  if (kind === "change" || origin === "userChange") return { start: 31006, success: 31007, fail: 31008 };
  if (origin === "entraAdminReset" || origin === "graphResetPassword")
    return { start: 31009, success: 31010, fail: 31011 };
  return { start: 31001, success: 31002, fail: 31003 };
}

/** Thrown inside handle() to stop at a failure already mapped. */
class Stop {
  constructor(readonly failure: Failure) {}
}

export class WritebackAgent implements WritebackAgentHandler {
  private client?: Client;
  private dc?: DcFacts;
  private readonly opts: Required<
    Omit<WritebackAgentOptions, "plainDcUrl" | "transport" | "samUserInfo" | "connectorAccountName">
  > &
    Pick<WritebackAgentOptions, "plainDcUrl" | "transport" | "samUserInfo" | "connectorAccountName">;

  constructor(opts: WritebackAgentOptions) {
    this.opts = {
      signAndEncrypt: true,
      bindName: DEFAULT_CONNECTOR_BIND_NAME,
      policyHints: "auto",
      cannotChangePasswordHr: "80230619",
      ...opts,
    };
  }

  /** Changes connector settings (drops the cached connection so the next request reconnects). */
  async configure(
    change: Partial<
      Pick<
        WritebackAgentOptions,
        | "signAndEncrypt"
        | "dcUrl"
        | "plainDcUrl"
        | "password"
        | "bindName"
        | "policyHints"
        | "cannotChangePasswordHr"
      >
    >,
  ): Promise<void> {
    Object.assign(this.opts, change);
    await this.close();
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.dc = undefined;
    if (c) await c.unbind().catch(() => {});
  }

  private async connection(): Promise<{ client: Client; dc: DcFacts }> {
    if (this.client && this.dc && this.client.isConnected) return { client: this.client, dc: this.dc };
    await this.close();
    const plain = !this.opts.signAndEncrypt;
    const url = plain
      ? (this.opts.plainDcUrl ?? this.opts.dcUrl.replace(/^ldaps:/i, "ldap:"))
      : this.opts.dcUrl;
    const client = await openConnection({
      url,
      transport: plain ? "plain" : this.opts.transport,
      bindName: this.opts.bindName,
      password: this.opts.password,
    });
    const { searchEntries } = await client.search("", {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["defaultNamingContext", "supportedControl", "vendorName"],
    });
    const root = searchEntries[0] ?? {};
    const controls = ([] as string[]).concat((root.supportedControl as string | string[]) ?? []);
    this.client = client;
    this.dc = {
      defaultNamingContext: String(root.defaultNamingContext ?? ""),
      supportedControls: new Set(controls),
      vendorName: root.vendorName ? String(root.vendorName) : undefined,
    };
    return { client, dc: this.dc };
  }

  async handle(request: WritebackRequest): Promise<WritebackResult> {
    const fam = family(request.origin, request.kind);
    const { events } = this.opts;
    const ids: number[] = [];
    const log = (id: number, args: Parameters<EventLog["write"]>[1]) => {
      ids.push(events.write(id, { trackingId: request.trackingId, ...args }).id);
    };
    const ctx = contextOf(request);
    log(fam.start, { upn: request.userPrincipalName, context: ctx });
    try {
      const ldap = await this.perform(request);
      log(fam.success, { context: ctx });
      return {
        requestId: request.requestId,
        outcome: "success",
        ldapResultCode: 0,
        ldapMessage: ldap.diagnosticMessage,
        eventIds: ids,
        detail: "The password was written to Active Directory.",
      };
    } catch (e) {
      // Every LDAP call in perform() maps its own failure; anything else is a bug and propagates.
      if (!(e instanceof Stop)) throw e;
      const f = e.failure;
      log(6329, f.hr && !f.adsyncText ? { hr: f.hr } : { reason: f.adsyncText ?? f.reason });
      log(f.eventId, { hr: f.hr, reason: f.reason, context: ctx });
      log(fam.fail, { hr: f.hr, reason: f.reason, context: ctx });
      return {
        requestId: request.requestId,
        outcome: f.outcome,
        ...(f.ldap && f.ldap.code >= 0
          ? { ldapResultCode: f.ldap.code, ldapMessage: f.ldap.diagnosticMessage }
          : {}),
        eventIds: ids,
        detail: f.ldap
          ? `${f.ldap.code >= 0 ? `${f.ldap.code} ${f.ldap.name}: ` : ""}${f.ldap.diagnosticMessage}`
          : (f.reason ?? f.hr ?? ""),
      };
    }
  }

  /** Does the LDAP work; throws Stop with the mapped failure. Returns the last write's outcome. */
  private async perform(request: WritebackRequest): Promise<LdapOutcome> {
    let conn: { client: Client; dc: DcFacts };
    try {
      conn = await this.connection();
    } catch (e) {
      if (e instanceof LdapConnectError)
        throw new Stop(failureFromLdap(e.outcome, "reset", this.opts.cannotChangePasswordHr));
      throw new Stop(failureFromLdap(outcomeOf(e), "reset", this.opts.cannotChangePasswordHr));
    }
    const { client, dc } = conn;
    let located: Awaited<ReturnType<typeof locateUser>>;
    try {
      located = await locateUser(
        client,
        dc.defaultNamingContext,
        request.cloudAnchor,
        request.onPremisesSecurityIdentifier,
      );
    } catch (e) {
      await this.close();
      throw new Stop(failureFromLdap(outcomeOf(e), "reset", this.opts.cannotChangePasswordHr));
    }
    if (!located.found) {
      throw new Stop(
        located.multiple
          ? { eventId: 33003, hr: "80230402", outcome: "error" }
          : { eventId: 33002, hr: "80230405", outcome: "userNotFound" },
      );
    }
    const entry = located.entry;
    const dn = entry.dn;
    const state = accountState(entry);
    if (state.disabled)
      throw new Stop({ eventId: 33005, reason: "The user account is disabled.", outcome: "accountDisabled" });
    if (state.lockedOut && request.kind !== "unlock" && !request.unlockAccount) {
      throw new Stop({ eventId: 33006, reason: "The user account is locked out.", outcome: "error" });
    }

    // NetUserGetInfo over SMB 445 before the write (SA-0029 cause 3: "Failed to acquire user
    // information: Contoso\MSOL_…. Error Code: ERROR_ACCESS_DENIED", with 33004).
    if (this.opts.samUserInfo?.() === "accessDenied") {
      const text = `ERR_: MMS(5716): admaexport.cpp(2944): Failed to acquire user information: ${this.opts.connectorAccountName ?? this.opts.bindName}. Error Code: ERROR_ACCESS_DENIED`;
      throw new Stop({ eventId: 33004, hr: "80230626", adsyncText: text, outcome: "accessDenied" });
    }

    const modify = async (changes: Change[], controls: ReturnType<typeof policyHintsControl>[] = []) => {
      try {
        await client.modify(dn, changes, controls);
        return { code: 0, name: "success", diagnosticMessage: "" } as LdapOutcome;
      } catch (e) {
        const o = outcomeOf(e);
        if (o.code === -1) await this.close();
        throw new Stop(failureFromLdap(o, request.kind, this.opts.cannotChangePasswordHr));
      }
    };
    const replace = (type: string, value: string | Buffer) =>
      new Change({
        operation: "replace",
        modification: new Attribute({ type, values: typeof value === "string" ? [value] : [value] }),
      });

    if (request.kind === "change") {
      if (request.oldPassword === undefined || request.newPassword === undefined) {
        throw new Stop({ eventId: 33001, reason: "The request carries no password.", outcome: "error" });
      }
      const pwd = (operation: "add" | "delete", password: string) =>
        new Change({
          operation,
          modification: new Attribute({ type: "unicodePwd", values: [quotedUnicodePwd(password)] }),
        });
      try {
        return await modify([pwd("delete", request.oldPassword), pwd("add", request.newPassword)]);
      } catch (e) {
        // A Windows DC answers a change the user may not make ("User cannot change password") with the
        // same 19/0000052D as a policy rejection, and Microsoft's table reports it so (33008, 6329
        // 0x80230619: TSW). The 2015 capture [C7] shows 33004 hr=80230626 instead: with that variant
        // the agent tells the two apart by the Change Password ACEs ([KB3P] PasswordChangeAccessCheckLegacy).
        if (
          this.opts.cannotChangePasswordHr === "80230626" &&
          e instanceof Stop &&
          e.failure.eventId === 33008 &&
          (await cannotChangePassword(client, dn))
        ) {
          throw new Stop({ ...e.failure, eventId: 33004, hr: "80230626", outcome: "accessDenied" });
        }
        throw e;
      }
    }
    if (request.kind === "unlock") {
      return modify([replace("lockoutTime", "0")]);
    }
    if (request.newPassword === undefined) {
      throw new Stop({ eventId: 33001, reason: "The request carries no password.", outcome: "error" });
    }
    const controls = [];
    if (request.enforcePasswordPolicy && this.opts.policyHints === "auto") {
      if (dc.supportedControls.has(POLICY_HINTS_OID)) controls.push(policyHintsControl(POLICY_HINTS_OID));
      else if (dc.supportedControls.has(POLICY_HINTS_DEPRECATED_OID))
        controls.push(policyHintsControl(POLICY_HINTS_DEPRECATED_OID));
      else if (!/samba/i.test(dc.vendorName ?? "")) {
        throw new Stop({
          eventId: 33009,
          reason: NO_POLICY_CONTROL_TEXT,
          adsyncText: NO_POLICY_CONTROL_TEXT,
          outcome: "error",
        });
      }
    }
    let last = await modify([replace("unicodePwd", quotedUnicodePwd(request.newPassword))], controls);
    if (request.unlockAccount && hasLockoutTime(entry)) last = await modify([replace("lockoutTime", "0")]);
    if (request.forceChangeAtNextLogon === true) last = await modify([replace("pwdLastSet", "0")]);
    else if (request.forceChangeAtNextLogon === false) last = await modify([replace("pwdLastSet", "-1")]);
    return last;
  }
}

/** True when the user's DACL denies Change Password to Everyone or SELF (ADUC's checkbox). */
async function cannotChangePassword(client: Client, dn: string): Promise<boolean> {
  try {
    const { searchEntries } = await client.search(
      dn,
      {
        scope: "base",
        filter: "(objectClass=*)",
        attributes: ["nTSecurityDescriptor"],
        explicitBufferAttributes: ["nTSecurityDescriptor"],
      },
      sdFlagsControl(SdFlags.DACL),
    );
    const raw = searchEntries[0]?.nTSecurityDescriptor;
    const buf = Array.isArray(raw) ? raw[0] : raw;
    if (!Buffer.isBuffer(buf)) return false;
    return (decodeSecurityDescriptor(buf).dacl?.aces ?? []).some(
      (a) =>
        a.kind === "known" &&
        a.type === AceType.ACCESS_DENIED_OBJECT &&
        a.objectType === CHANGE_PASSWORD_RIGHT &&
        (a.sid === "S-1-1-0" || a.sid === "S-1-5-10"),
    );
  } catch {
    return false; // the connector may not read the DACL: keep the DC's answer
  }
}

function contextOf(r: WritebackRequest): WritebackContext {
  let cloudAnchor = `User_${r.cloudAnchor}`;
  const extra = r as WritebackRequest & { cloudObjectId?: string };
  if (extra.cloudObjectId) cloudAnchor = `User_${extra.cloudObjectId}`;
  else {
    const b = Buffer.from(r.cloudAnchor, "base64");
    if (b.length === 16) cloudAnchor = `User_${guidFromBytes(b)}`;
  }
  const c: WritebackContext = {
    cloudAnchor,
    sourceAnchorValue: r.cloudAnchor,
    userPrincipalName: r.userPrincipalName,
  };
  if (r.adminUpn) c.adminUpn = r.adminUpn;
  if (r.origin === "entraAdminReset" || r.origin === "graphResetPassword")
    c.forcePasswordChange = r.forceChangeAtNextLogon === true;
  return c;
}

export type { WritebackOutcome };
