/**
 * The fix for each cause, written as the admin would carry it out: the ADUC clicks, the dsacls
 * command line and the AdSyncConfig cmdlet (sspr-writeback-facts.md §3: the tutorial's ADUC steps,
 * and the dsacls ACE strings Set-ADSyncPasswordWritebackPermissions runs, with /I:S). Names come
 * from the case; nothing here is a password.
 */
import type { CaseContext } from "./context.ts";
import type { RightKey } from "./rights.ts";

export interface Fix {
  aduc?: string[];
  dsacls?: string[];
  powershell?: string[];
  other?: string[];
}

function who(ctx: CaseContext): { full: string; sam: string; domain: string } {
  const name = ctx.connector.name ?? "<connector account>";
  const sam = name.includes("\\") ? name.split("\\").pop()! : name.split("@")[0];
  const nb = name.includes("\\") ? name.split("\\")[0] : (ctx.netbios ?? "<DOMAIN>");
  return { full: `${nb}\\${sam}`, sam, domain: ctx.dnsDomain ?? "<domain FQDN>" };
}

const ACE_OF: Record<Exclude<RightKey, "unexpire">, string> = {
  reset: "CA;Reset Password;user",
  change: "CA;Change Password;user",
  lockoutTime: "WP;lockoutTime;user",
  pwdLastSet: "WP;pwdLastSet;user",
};

/** The grant on `target` (the domain root unless an OU must be granted directly). */
export function grantFix(ctx: CaseContext, rights: RightKey[], target?: string): Fix {
  const w = who(ctx);
  const dn = target ?? ctx.rootDn ?? "<domain root DN>";
  const perms = rights
    .filter((r) => r === "reset" || r === "change")
    .map((r) => (r === "reset" ? "Reset password" : "Change password"));
  const props = rights.filter((r) => r === "lockoutTime" || r === "pwdLastSet").map((r) => `Write ${r}`);
  const aces = rights
    .filter((r): r is Exclude<RightKey, "unexpire"> => r !== "unexpire")
    .map((r) => `"${w.full}:${ACE_OF[r]}"`);
  const onOu = target !== undefined && target !== ctx.rootDn;
  return {
    aduc: [
      "Active Directory Users and Computers: View > Advanced Features.",
      `Right-click ${dn} > Properties > Security > Advanced > Add.`,
      `Select a principal: ${w.full}. Type: Allow. Applies to: Descendant User objects.`,
      ...(perms.length ? [`Permissions: tick ${perms.join(" and ")}.`] : []),
      ...(props.length ? [`Properties: tick ${props.join(" and ")}.`] : []),
      "OK, OK. The change can take up to an hour to reach every DC and user object (replication, SDProp).",
    ],
    dsacls: [`dsacls "${dn}" /G ${aces.join(" ")} /I:S`],
    powershell: [
      `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName ${w.sam} -ADConnectorAccountDomain ${w.domain}${onOu ? ` -ADobjectDN '${dn}'` : ""}`,
    ],
  };
}

export function enableInheritanceFix(ctx: CaseContext, dn: string): Fix {
  const g = grantFix(ctx, ["reset", "lockoutTime", "pwdLastSet"], dn);
  return {
    aduc: [
      "Active Directory Users and Computers: View > Advanced Features.",
      `Right-click ${dn} > Properties > Security > Advanced > Enable inheritance > OK (or grant on ${dn} itself, below).`,
    ],
    dsacls: g.dsacls,
    powershell: [
      `Get-ADSyncObjectsWithInheritanceDisabled -SearchBase '${ctx.rootDn ?? "<domain root DN>"}'   # finds every OU like this one`,
      ...(g.powershell ?? []),
    ],
  };
}

export function protectedAccountFix(ctx: CaseContext): Fix {
  const w = who(ctx);
  const user = ctx.user.dn ?? "<user DN>";
  const sam = ctx.user.upn?.split("@")[0] ?? "<user>";
  const holder = `CN=AdminSDHolder,CN=System,${ctx.rootDn ?? "<domain root DN>"}`;
  return {
    other: [
      "Microsoft does not support writing back passwords of protected accounts (members, or former members, of Domain Admins and the other protected groups): SDProp puts AdminSDHolder's DACL back on them every 60 minutes, so a grant on the user does not last.",
      `If the user no longer needs to be privileged: remove it from the protected groups, then clear adminCount and re-enable inheritance:`,
    ],
    aduc: [
      `Right-click ${user} > Properties > Member Of: remove the protected groups.`,
      "Attribute Editor: adminCount > Clear.",
      "Security > Advanced > Enable inheritance > OK.",
    ],
    powershell: [
      `Set-ADUser ${sam} -Clear adminCount`,
      `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName ${w.sam} -ADConnectorAccountDomain ${w.domain} -IncludeAdminSdHolders   # only if protected accounts must be reset; Microsoft does not recommend it`,
    ],
    dsacls: [
      `dsacls "${holder}" /G "${w.full}:CA;Reset Password" "${w.full}:WP;lockoutTime" "${w.full}:WP;pwdLastSet"   # effective on AdminSDHolder itself, so SDProp copies it to protected users (not recommended)`,
    ],
  };
}

export function removeDenyFix(dn: string, trustee: string): Fix {
  return {
    aduc: [
      "Active Directory Users and Computers: View > Advanced Features.",
      `Right-click ${dn} > Properties > Security > Advanced: select the Deny entry for ${trustee} > Remove > OK.`,
    ],
    dsacls: [
      `dsacls "${dn}"   # find the Deny entry; dsacls /R "${trustee}" removes every entry of that principal, so prefer ADUC`,
    ],
  };
}

export function cannotChangeFix(ctx: CaseContext): Fix {
  const sam = ctx.user.upn?.split("@")[0] ?? "<user>";
  return {
    aduc: [
      `Right-click ${ctx.user.dn ?? sam} > Properties > Account: clear "User cannot change password" > OK.`,
    ],
    powershell: [`Set-ADUser ${sam} -CannotChangePassword $false`],
  };
}
