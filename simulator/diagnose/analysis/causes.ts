/**
 * Ranks the likely causes of the failure, each with the evidence lines from the customer's own files
 * and the fix. The failing operation's event decides the family (sspr-writeback-facts.md §2 and §8:
 * 33004/hr=80230626 permissions, 33008/hr=80230619 policy, 33005 disabled, …); within the permission
 * family, the rebuilt security descriptors decide which of the documented cases it is.
 */
import { formatAceSddl } from "../../security/sddl-format.ts";
import { AceType } from "../../security/types.ts";
import type { SourceRef } from "../model.ts";
import type { CaseContext } from "./context.ts";
import {
  cannotChangeFix,
  enableInheritanceFix,
  type Fix,
  grantFix,
  protectedAccountFix,
  removeDenyFix,
} from "./fixes.ts";
import { describeReach, type Grant } from "./grants.ts";
import type { MatchedEvents, WritebackOperation } from "./operations.ts";
import type { RightKey, RightResult } from "./rights.ts";
import type { SdChain } from "./sd-chain.ts";
import { isProtected } from "./sd-chain.ts";

export type CauseKey =
  | "missing-reset-password"
  | "missing-change-password"
  | "missing-write-lockouttime"
  | "missing-write-pwdlastset"
  | "grant-not-inherited"
  | "grant-wrong-object-type"
  | "grant-on-other-object"
  | "granted-to-other-principal"
  | "inheritance-blocked"
  | "protected-account"
  | "explicit-deny"
  | "user-cannot-change-password"
  | "not-yet-effective"
  | "restrict-remote-sam"
  | "password-policy"
  | "account-disabled"
  | "account-locked"
  | "wrong-current-password"
  | "user-not-found"
  | "duplicate-anchor"
  | "dc-without-policy-hints"
  | "ldap-sign-encrypt-off"
  | "dc-unreachable"
  | "connector-password-too-long"
  | "forest-added-after-enabling"
  | "unknown-ad-error"
  | "service-stopped"
  | "relay-unreachable"
  | "writeback-not-onboarded"
  | "writeback-disabled"
  | "writeback-disabled-in-portal"
  | "onboarding-failed"
  | "user-not-licensed"
  | "sspr-admins-disabled"
  | "not-reached-on-prem";

export interface Cause {
  key: CauseKey;
  title: string;
  confidence: "high" | "medium" | "low";
  why: string[];
  evidence: SourceRef[];
  fix: Fix;
}

const RANK = { high: 3, medium: 2, low: 1 };

function opEvidence(op: WritebackOperation): SourceRef[] {
  return [op.start, op.adsync, op.error, op.fail].filter((e) => e !== undefined).map((e) => e.ref);
}

function ruleOut(text: string): Fix {
  return { other: [text] };
}

/** Which writeback rights an operation needs (what Connect writes for it). */
export function rightsNeeded(op: WritebackOperation, ctx: CaseContext): RightKey[] {
  if (op.kind === "change") return ["change"];
  const locked = ctx.user.lockoutTime !== undefined && ctx.user.lockoutTime !== "0";
  if (op.kind === "adminReset") return ["reset", "pwdLastSet"];
  return locked ? ["reset", "lockoutTime"] : ["reset"];
}

export interface CauseInput {
  ctx: CaseContext;
  matched: MatchedEvents;
  op?: WritebackOperation;
  chain: SdChain;
  rights: RightResult[];
  grants: Grant[];
  unknowns: string[];
  /** The SSPR code the user saw, when the case facts say it. */
  ssprCode?: string;
}

export function rankCauses(input: CauseInput): Cause[] {
  const { op } = input;
  const causes: Cause[] = op ? causesOfOperation(input, op) : causesWithoutOperation(input);
  return causes.sort((a, b) => RANK[b.confidence] - RANK[a.confidence]);
}

function causesOfOperation(input: CauseInput, op: WritebackOperation): Cause[] {
  const { ctx } = input;
  const ev = opEvidence(op);
  const hr = op.hr;
  const id = op.error?.id;
  const text = `${op.adsync?.message ?? ""} ${op.error?.message ?? ""}`;
  const single = (
    key: CauseKey,
    title: string,
    why: string[],
    fix: Fix,
    confidence: Cause["confidence"] = "high",
  ): Cause[] => [{ key, title, confidence, why, evidence: ev, fix }];
  const sam = ctx.user.upn?.split("@")[0] ?? "<user>";
  if (/Failed to acquire user information/i.test(text))
    return single(
      "restrict-remote-sam",
      '"Network access: Restrict clients allowed to make remote calls to SAM" blocks the connector account',
      [
        "ADSync 6329 says Connect could not read the user through SAM (ERROR_ACCESS_DENIED), which is what the RestrictRemoteSam policy does (support article SSPR_0029, cause 3).",
      ],
      ruleOut(
        "Remove the connector account's denial from the RestrictRemoteSam policy on the Connect server and the DCs (HKLM\\System\\CurrentControlSet\\Control\\Lsa\\RestrictRemoteSam lingers after the GPO is removed).",
      ),
    );
  if (id === 33004 || hr === "80230626") return permissionCauses(input, op);
  if (id === 33008 || hr === "80230619") {
    // Microsoft's table: 6329 0x80230619 also when a password can't be changed for a user (TSW).
    const cannotChange = permissionCauses(input, op).filter((c) => c.key === "user-cannot-change-password");
    return cannotChange.length ? cannotChange : policyCauses(input, op);
  }
  if (id === 33005)
    return single(
      "account-disabled",
      "The user's AD account is disabled",
      ["Connect logged 33005 ADUserAccountDisabled."],
      {
        aduc: [`Right-click ${ctx.user.dn ?? sam} > Enable Account.`],
        powershell: [`Enable-ADAccount -Identity ${sam}`],
      },
    );
  if (id === 33006)
    return single(
      "account-locked",
      "The user's AD account is locked out",
      ["Connect logged 33006 ADUserAccountLockedOut: a change cannot unlock."],
      {
        other: [
          'Entra admin center > Protection > Password reset > On-premises integration: turn on "Allow users to unlock accounts without resetting their password", or have the user reset (not change) the password.',
        ],
        powershell: [`Unlock-ADAccount -Identity ${sam}`],
      },
    );
  if (id === 33007)
    return single(
      "wrong-current-password",
      "The user typed a wrong current password",
      ["Connect logged 33007 ADUserIncorrectPassword on a password change."],
      {
        other: [
          "The user must enter the current password correctly, or use password reset instead of change.",
        ],
      },
    );
  if (id === 33002 || hr === "80230405")
    return single(
      "user-not-found",
      "The user does not exist on-premises, or is outside the sync scope",
      [
        "Connect logged 33002 ADUserNotFoundError (hr=80230405, no password writeback targets found): the user was deleted on-premises, moved out of the synchronized OUs, or is not in scope of the password sync rule.",
      ],
      {
        powershell: [
          `Get-ADUser -Filter "userPrincipalName -eq '${ctx.user.upn ?? "<upn>"}'"`,
          "Start-ADSyncSyncCycle -PolicyType Delta",
        ],
        other: [
          "If the user was deleted on-premises, restore it from the AD Recycle Bin or let the next sync remove it from Entra ID.",
        ],
      },
    );
  if (id === 33003 || hr === "80230402")
    return single(
      "duplicate-anchor",
      "Two on-premises users share the cloud anchor",
      [
        "Connect logged 33003 / hr=80230402 (multiple matches): the same user is enabled in more than one forest.",
      ],
      {
        other: ["Keep the user in one forest's sync scope only."],
      },
    );
  if (/password policy control|MMS\(3040\)/i.test(text))
    return single(
      "dc-without-policy-hints",
      "The domain controller does not support the LDAP password policy hints control",
      [
        'ADSync 6329 MMS(3040): "The server doesn\'t contain the LDAP password policy control." (1.2.840.113556.1.4.2066).',
      ],
      {
        other: [
          "Point the connector at Windows Server 2016 or later DCs (preferred DCs in the AD connector), or upgrade the DCs.",
        ],
      },
    );
  if (hr === "8023062C")
    return single(
      "ldap-sign-encrypt-off",
      '"Sign and Encrypt LDAP traffic" is off in the AD DS connector',
      ["hr=8023062C: the DC refused the password over an unencrypted connection."],
      {
        other: [
          'Synchronization Service Manager > Connectors > the AD DS connector > Properties > Connect to Active Directory Forest > Options: tick "Sign and Encrypt LDAP traffic" (check each place the connector offers it), then retry.',
        ],
      },
    );
  if (hr === "80230818")
    return single(
      "dc-unreachable",
      "No domain controller could be contacted",
      ["hr=80230818: the management agent could not contact a DC (often DCs configured by NetBIOS name)."],
      {
        other: [
          "Configure the connector's preferred DCs by FQDN and check name resolution and ports from the Connect server.",
        ],
      },
    );
  if (hr === "800700CE")
    return single(
      "connector-password-too-long",
      "The connector account's password is longer than 256 characters",
      ['hr=800700CE: "The filename or extension is too long".'],
      {
        other: [
          "Set a connector account password of at most 256 characters, in AD and in the connector's credentials.",
        ],
      },
    );
  if (hr === "8023061F")
    return single(
      "forest-added-after-enabling",
      "The user's forest was added after password writeback was enabled",
      ["hr=8023061F: password synchronization is not enabled on this management agent."],
      {
        other: ["Disable and re-enable password writeback in the Connect wizard."],
      },
    );
  return single(
    "unknown-ad-error",
    `Connect reported ${op.error ? `${op.error.id}` : "a failure"}${hr ? ` (hr=${hr})` : ""} that our catalogue does not explain`,
    [
      'Look at the ADSync events next to it; a DN with reserved characters (leading space or #, trailing space, , + " \\ < > ; =) also gives 33001.',
    ],
    { other: ["Collect the ADSync 6329 event text and the user's DN."] },
    "low",
  );
}

function aceText(g: Grant, ctx: CaseContext): string {
  try {
    return formatAceSddl(g.ace, { domainSid: ctx.domainSid });
  } catch {
    return "(ACE)";
  }
}

function permissionCauses(input: CauseInput, op: WritebackOperation): Cause[] {
  const { ctx, chain, rights, grants } = input;
  const ev = opEvidence(op);
  const out: Cause[] = [];
  const needed = rightsNeeded(op, ctx);
  const result = (k: RightKey) => rights.find((r) => r.right.key === k);
  const denied = needed.filter((k) => result(k)?.allowed === false);
  const unknownRights = needed.filter((k) => result(k)?.allowed === undefined);
  const userSd = chain.path.find((p) => ctx.user.dn && p.dn.toLowerCase() === ctx.user.dn.toLowerCase());
  const labels = (ks: RightKey[]) => ks.map((k) => result(k)?.right.label ?? k).join(", ");
  const rightEvidence = (ks: RightKey[]) =>
    ks.map((k) => result(k)?.decidingRef).filter((r): r is SourceRef => r !== undefined);

  // Protected account: adminCount=1 and a DACL that does not inherit.
  const protectedUser = userSd && isProtected(userSd.sd);
  if (ctx.user.adminCount === 1 && (protectedUser || !userSd)) {
    out.push({
      key: "protected-account",
      title:
        "The user is a protected account (adminCount=1): AdminSDHolder's permissions replace the inherited ones",
      confidence: denied.length || !userSd ? "high" : "medium",
      why: [
        `adminCount is 1 on ${ctx.user.dn ?? ctx.user.upn}${protectedUser ? ", and its DACL does not inherit from its parent" : ""}: SDProp stamps AdminSDHolder's DACL on it every 60 minutes, so grants on the domain root or the OU never reach it, and a grant made on the user itself is undone.`,
        ...(ctx.user.groupsKnown
          ? []
          : [
              "Its group memberships were not given: whether it is still in a protected group (or only was) cannot be told.",
            ]),
      ],
      evidence: [...ev, ...ctx.user.refs],
      fix: protectedAccountFix(ctx),
    });
  }

  // A deny that decides.
  for (const k of denied) {
    const r = result(k);
    const ace = r?.decidingAce;
    if (!ace || (ace.type !== AceType.ACCESS_DENIED && ace.type !== AceType.ACCESS_DENIED_OBJECT)) continue;
    const trustee = ctx.principals.describe(ace.sid);
    const cannotChange = k === "change" && (ace.sid === "S-1-1-0" || ace.sid === "S-1-5-10");
    if (cannotChange) {
      if (out.some((c) => c.key === "user-cannot-change-password")) continue;
      out.push({
        key: "user-cannot-change-password",
        title: '"User cannot change password" is set on the user',
        confidence: "high",
        why: [
          `A Deny of Change password for ${trustee} on the user decides it (that is how ADUC stores "User cannot change password"); a change from the cloud fails with 33008 and 6329 0x80230619, as Microsoft's troubleshooting table says. A reset still works.`,
          "A 2015 capture (Azure AD Sync 1.0.8641.0) shows 33004 hr=80230626 for the same case (fidelity-audit 5.9).",
        ],
        evidence: [...ev, ...rightEvidence([k])],
        fix: cannotChangeFix(ctx),
      });
    } else {
      out.push({
        key: "explicit-deny",
        title: `A Deny entry for ${trustee} takes away ${r.right.label}`,
        confidence: "high",
        why: [r.explanation.split("\n").slice(0, 3).join(" ")],
        evidence: [...ev, ...rightEvidence([k])],
        fix: removeDenyFix(r.object, ctx.principals.nameOf(ace.sid) ?? ace.sid),
      });
    }
  }

  const connectorGrants = grants.filter((g) => g.forConnector && g.rights.some((r) => needed.includes(r)));
  const blocked = connectorGrants.filter((g) => g.reach.kind === "blocked" && !g.reach.isUser);
  if (blocked.length && denied.length) {
    const at = (blocked[0].reach as { at: string }).at;
    out.push({
      key: "inheritance-blocked",
      title: `${at} does not inherit permissions, so the grant above it never reaches the user`,
      confidence: "high",
      why: blocked.map((g) => `The grant on ${g.object} (${aceText(g, ctx)}) ${describeReach(g)}.`),
      evidence: [
        ...ev,
        ...blocked.map((g) => g.ref).filter((r): r is SourceRef => !!r),
        ...chain.path.filter((p) => p.dn === at && p.ref).map((p) => p.ref!),
      ],
      fix: enableInheritanceFix(ctx, at),
    });
  }
  const notInherited = connectorGrants.filter(
    (g) => g.onPath && (g.reach.kind === "this-object-only" || g.reach.kind === "immediate-children-only"),
  );
  if (notInherited.length && denied.length) {
    out.push({
      key: "grant-not-inherited",
      title: 'The grant was applied to "This object only", so the user does not inherit it',
      confidence: "high",
      why: notInherited.map((g) => `The grant on ${g.object} (${aceText(g, ctx)}) ${describeReach(g)}.`),
      evidence: [...ev, ...notInherited.map((g) => g.ref).filter((r): r is SourceRef => !!r)],
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }
  const otherClass = connectorGrants.filter((g) => g.reach.kind === "other-class");
  if (otherClass.length && denied.length) {
    out.push({
      key: "grant-wrong-object-type",
      title: "The grant applies to another kind of object than user",
      confidence: "high",
      why: otherClass.map((g) => `The grant on ${g.object} (${aceText(g, ctx)}) ${describeReach(g)}.`),
      evidence: [...ev, ...otherClass.map((g) => g.ref).filter((r): r is SourceRef => !!r)],
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }
  const offPath = grants.filter((g) => g.forConnector && !g.onPath);
  if (offPath.length && denied.length) {
    out.push({
      key: "grant-on-other-object",
      title: `The grant was made on ${offPath[0].object}, which is not above the user`,
      confidence: "high",
      why: [
        `${ctx.user.dn ?? "The user"} lies under ${chain.pathDns.slice(0, -1).join(" → ") || "(unknown path)"}; the connector account's grant sits on ${[...new Set(offPath.map((g) => g.object))].join(", ")}.`,
      ],
      evidence: [...ev, ...offPath.map((g) => g.ref).filter((r): r is SourceRef => !!r)],
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }
  const others = grants.filter(
    (g) => !g.forConnector && g.rights.includes("reset") && g.reach.kind === "reaches",
  );
  if (others.length && denied.includes("reset")) {
    out.push({
      key: "granted-to-other-principal",
      title: `The writeback permissions were granted to ${others[0].trustee}, not to the connector account`,
      confidence: "high",
      why: [
        `${others.map((g) => `${g.trustee} holds ${g.rights.join(", ")} through ${g.object}`).join("; ")}; Connect writes as ${ctx.connector.name ?? ctx.connector.sid} (Get-ADSyncADConnectorAccount shows which account).`,
      ],
      evidence: [
        ...ev,
        ...others.map((g) => g.ref).filter((r): r is SourceRef => !!r),
        ...ctx.connector.refs,
      ],
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }

  // A specific right missing while Reset password is there.
  if (denied.includes("lockoutTime") && !denied.includes("reset")) {
    out.push({
      key: "missing-write-lockouttime",
      title: "The connector account lacks Write lockoutTime: it cannot unlock the account",
      confidence: "high",
      why: [
        `The user is locked out (lockoutTime ${ctx.user.lockoutTime}), so the reset or unlock writes lockoutTime = 0, which the connector account may not write. ${result("lockoutTime")?.explanation.split("\n")[0] ?? ""}`,
      ],
      evidence: [...ev, ...ctx.user.refs],
      fix: grantFix(ctx, ["lockoutTime"]),
    });
  }
  if (denied.includes("pwdLastSet") && !denied.includes("reset")) {
    out.push({
      key: "missing-write-pwdlastset",
      title:
        'The connector account lacks Write pwdLastSet: an admin reset with "must change password at next logon" fails',
      confidence: "high",
      why: [
        `An admin reset that forces a change writes pwdLastSet = 0. ${result("pwdLastSet")?.explanation.split("\n")[0] ?? ""}`,
      ],
      evidence: ev,
      fix: grantFix(ctx, ["pwdLastSet"]),
    });
  }
  if (denied.includes("change") && !out.some((c) => c.key === "user-cannot-change-password")) {
    out.push({
      key: "missing-change-password",
      title: "The connector account lacks Change password on the user",
      confidence: "medium",
      why: [result("change")?.explanation.split("\n")[0] ?? ""],
      evidence: ev,
      fix: grantFix(ctx, ["change"]),
    });
  }
  if (denied.includes("reset") && !out.some((c) => RANK[c.confidence] === 3 && c.key !== "explicit-deny")) {
    out.push({
      key: "missing-reset-password",
      title: "The connector account was not granted Reset password on the user",
      confidence: connectorGrants.length ? "medium" : "high",
      why: [
        result("reset")?.explanation.split("\n").slice(0, 2).join(" ") ?? "",
        connectorGrants.length === 0
          ? "No ACE on the root, the OUs on the path or the user grants it any writeback right."
          : "",
      ].filter(Boolean),
      evidence: [...ev, ...(result("reset")?.decidingRef ? [result("reset")!.decidingRef!] : [])],
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }
  if (needed.length && denied.length === 0 && unknownRights.length === 0) {
    const mismatch = input.chain.mismatches[0];
    out.push({
      key: "not-yet-effective",
      title: "The security descriptors you sent grant the rights, but the DC refused when the reset ran",
      confidence: "medium",
      why: [
        `${labels(needed)}: allowed by the SDs in these files. So the grant was made after the failure, or the DC the agent used had not received it yet (replication and SDProp take up to an hour), or the files come from another DC.`,
        ...(mismatch
          ? [
              `${mismatch.dn} does not carry what ${mismatch.parentDn} passes down (${mismatch.missing.length} entries missing, ${mismatch.extra.length} extra): the files were read at different times or from DCs out of step.`,
            ]
          : []),
      ],
      evidence: [...ev, ...rightEvidence(needed)],
      fix: {
        other: [
          "Retry after an hour, or set a preferred DC on the AD DS connector and make the grant on that DC; then export the user's SD from that same DC.",
        ],
      },
    });
  }
  if (out.length === 0) {
    out.push({
      key: "missing-reset-password",
      title:
        "The connector account lacks a permission on the user (which one cannot be told from these files)",
      confidence: "low",
      why: [
        "33004 / hr=80230626 means the connector account was denied access, but the security descriptors needed to say which right are missing.",
      ],
      evidence: ev,
      fix: grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"]),
    });
  }
  return out;
}

function policyCauses(input: CauseInput, op: WritebackOperation): Cause[] {
  const { ctx, matched } = input;
  const ev = opEvidence(op);
  const p = ctx.policy;
  const why = [
    "Connect logged 33008 ADPasswordPolicyError (hr=80230619): the DC rejected the new password under the domain's policy (length, complexity, history or minimum age; the policy-hints control makes writeback resets obey history).",
    "Which rule it was is not in the event.",
  ];
  const evidence = [...ev];
  if (p) {
    why.push(
      `Domain policy: minimum length ${p.minPwdLength ?? "?"}, history ${p.pwdHistoryLength ?? "?"}, complexity ${p.complexity === undefined ? "?" : p.complexity ? "on" : "off"}, minimum age ${p.minPwdAge ?? "?"}.`,
    );
    evidence.push(p.ref);
  }
  const before = matched.operations.filter(
    (o) => o !== op && o.outcome === "success" && o.upn && o.upn.toLowerCase() === op.upn?.toLowerCase(),
  );
  const recent = before[before.length - 1];
  if (recent?.success) {
    why.push(
      `The same user's password was set successfully earlier (${recent.success.time}): a minimum password age above 0 blocks a second change within it.`,
    );
    evidence.push(recent.success.ref);
  }
  return [
    {
      key: "password-policy",
      title: "The new password does not meet the on-premises password policy",
      confidence: "high",
      why,
      evidence,
      fix: {
        other: [
          "Ask the user for a password that meets the domain policy (Get-ADDefaultDomainPasswordPolicy shows it).",
          ...(recent
            ? [
                "If the minimum age blocks it: wait, or Set-ADDefaultDomainPasswordPolicy -MinPasswordAge 0 (not recommended).",
              ]
            : []),
        ],
      },
    },
  ];
}

function causesWithoutOperation(input: CauseInput): Cause[] {
  const { ctx, matched } = input;
  const s = matched.service;
  const code = input.ssprCode;
  const out: Cause[] = [];
  const refOf = (e?: { ref: SourceRef }) => (e ? [e.ref] : []);
  if (s.onboardingFailed) {
    const e = s.onboardingFailed;
    out.push({
      key: "onboarding-failed",
      title: `Enabling password writeback failed (${e.id})`,
      confidence: "high",
      why: [
        e.id === 32009
          ? "32009 AuthTokenError: no token for the cloud administrator used in the wizard (wrong password, or a federated account)."
          : e.id === 32011
            ? "32011 OnBoardingServiceError: the cloud refused onboarding (the administrator has no Entra ID P1/P2 licence, or TCP 443 / 9350-9354 are blocked)."
            : e.id === 32001
              ? "32001 \"Couldn't connect to any service bus endpoint(s)\" during onboarding, with 6306/6800/31044: the wizard's \"Unable to configure password writeback. Ensure you have the required license.\" (the administrator has no licence, the server's clock is skewed, or TLS 1.2 is off: support article 'Unable to configure password writeback')."
              : `${e.id}: onboarding did not complete.`,
      ],
      evidence: [e.ref],
      fix: {
        other: [
          "Run the Connect wizard again with a licensed, cloud-only Global Administrator: Customize synchronization options > Optional features > Password writeback.",
        ],
      },
    });
  }
  if (s.runningAtEnd === false) {
    out.push({
      key: "service-stopped",
      title: "The password writeback service on the Connect server is stopped",
      confidence: "high",
      why: [
        "31016 WriteBackServiceStopped with no 31015 after it: requests from the cloud cannot reach AD (the user sees SSPR_0030).",
      ],
      evidence: refOf(s.stopped),
      fix: { powershell: ["Start-Service ADSync"], other: ["Services > Microsoft Azure AD Sync > Start."] },
    });
  }
  if (s.connectivity.length) {
    out.push({
      key: "relay-unreachable",
      title: "The Connect server cannot reach the password reset Service Bus relay",
      confidence: "high",
      why: [
        "Connectivity errors in the log (31034/31044/32001/32002/6800): outbound TCP 443 to *.servicebus.windows.net is blocked, a proxy needs authentication, TLS 1.2 is off, or root CAs are missing.",
      ],
      evidence: s.connectivity.slice(-3).map((e) => e.ref),
      fix: {
        other: [
          "Allow outbound TCP 443 to *.servicebus.windows.net and *.passwordreset.microsoftonline.com from the Connect server, then restart ADSync.",
        ],
      },
    });
  }
  if (
    s.offboarded &&
    (!s.onboarded ||
      s.offboarded.recordId === undefined ||
      (s.onboarded.recordId ?? 0) < s.offboarded.recordId)
  ) {
    out.push({
      key: "writeback-disabled",
      title: "Password writeback was disabled in the Connect wizard",
      confidence: "high",
      why: ["31013 OffboardingEventSuccess with no later 31005: the user sees SSPR_0010."],
      evidence: refOf(s.offboarded),
      fix: {
        other: [
          "Connect wizard > Customize synchronization options > Optional features: tick Password writeback.",
        ],
      },
    });
  } else if (!s.onboarded && !s.onboardingFailed) {
    out.push({
      key: "writeback-not-onboarded",
      title: "Password writeback was never enabled on this Connect server",
      confidence: matched.operations.length ? "low" : "medium",
      why: [
        "The log has no 31005 OnboardingEventSuccess (nor any writeback request): the wizard's Password writeback step never completed here.",
      ],
      evidence: [],
      fix: {
        other: [
          "Connect wizard > Customize synchronization options > Optional features: tick Password writeback (with a Global Administrator).",
        ],
      },
    });
  }
  if (code === "SSPR_0012")
    out.push({
      key: "user-not-licensed",
      title: "The tenant holds no licence that carries SSPR with writeback",
      confidence: "high",
      why: [
        "The user saw SSPR_0012 and no request reached the Connect server. SSPR is licensed from the tenant's subscriptions, not enforced per user (concept-sspr-licensing): writeback needs Entra ID P1/P2 or Microsoft 365 Business Premium.",
      ],
      evidence: [],
      fix: {
        other: [
          "Check the tenant's subscriptions (Entra admin center > Billing > Licenses): Entra ID P1/P2 or Microsoft 365 Business Premium must be active, and assigned to the users who use SSPR.",
        ],
      },
    });
  if (code === "SSPR_009")
    out.push({
      key: "sspr-admins-disabled",
      title: "SSPR for administrators is turned off",
      confidence: "high",
      why: ["The user holds an admin role and saw SSPR_009."],
      evidence: [],
      fix: { powershell: ["Update-MgPolicyAuthorizationPolicy -AllowedToUseSspr:$true"] },
    });
  if (
    code === "SSPR_0010" &&
    !out.some(
      (c) =>
        c.key === "writeback-disabled" ||
        c.key === "writeback-not-onboarded" ||
        c.key === "onboarding-failed",
    )
  )
    out.push({
      key: "writeback-disabled-in-portal",
      title: "Password writeback is turned off in the Entra admin center",
      confidence: "high",
      why: ["The user saw SSPR_0010 while Connect's log shows writeback onboarded and running."],
      evidence: refOf(s.onboarded),
      fix: {
        other: [
          'Entra admin center > Protection > Password reset > On-premises integration: "Enable password write back for synced users" = Yes.',
        ],
      },
    });
  if (!out.length)
    out.push({
      key: "not-reached-on-prem",
      title: "No writeback request for this user reached the Connect server",
      confidence: "low",
      why: [
        `No PasswordResetService operation${ctx.user.upn ? ` for ${ctx.user.upn}` : ""} is in the log: the failure happened in the cloud (licence, SSPR policy, registration) or before the relay.`,
        "Ask what the user saw (the SSPR_00NN code) and give it with the case facts.",
      ],
      evidence: [],
      fix: {
        other: [
          "Check the user's licence, SSPR policy scope and the writeback setting in the Entra admin center.",
        ],
      },
    });
  return out;
}
