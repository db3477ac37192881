/**
 * Active Directory Users and Computers, as far as the writeback procedure uses it: View → Advanced
 * Features, the object's Security tab → Advanced (Advanced Security Settings): add and remove
 * permission entries, disable/enable inheritance, the Effective Access tab; and the user's Account
 * tab checkbox "User cannot change password". Every change is read-modify-write of the DACL over LDAP
 * as the signed-in admin, with the SD-flags control (DACL only), like the real snap-in.
 */

import type { ConnectionOptions } from "../../ldap-client/connection.ts";
import { SdFlags } from "../../ldap-client/controls.ts";
import { DirectorySession, type Principal } from "../../ldap-client/directory-session.ts";
import { checkExtendedRight, checkRights, checkWriteProperty } from "../../security/access-check.ts";
import {
  addAces,
  allowOrDenyAce,
  disableInheritance,
  enableInheritance,
  isDeny,
  isInherited,
  removeAces,
  removeWhere,
} from "../../security/acl-edit.ts";
import { classChain, findExtendedRight, guidDisplayName } from "../../security/schema.ts";
import { createToken } from "../../security/token.ts";
import {
  type Ace,
  AceFlag,
  AceType,
  AdRight,
  type KnownAce,
  type SecurityDescriptor,
} from "../../security/types.ts";
import { appliesToLabel, resolveAppliesTo } from "./applies-to.ts";
import {
  groupByObjectType,
  type PermissionBits,
  resolvePermission,
  resolveProperty,
} from "./permission-names.ts";

export const CHANGE_PASSWORD_GUID = "ab721a53-1e2f-11d0-9819-00aa0040529b";
const EVERYONE = "S-1-1-0";
const SELF = "S-1-5-10";

/** An error as ADUC shows it in a message box. */
export class AducError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AducError";
  }
}

export interface PermissionEntryInput {
  /** DN of the object whose Security tab is open. */
  object: string;
  /** CONTOSO\name, UPN, DN, or a well-known name. */
  principal: string;
  type?: "allow" | "deny";
  /** Default "This object only"... ADUC's default for a new entry is "This object and all descendant objects". */
  appliesTo?: string;
  permissions?: string[];
  properties?: string[];
  /** "Only apply these permissions to objects and/or containers within this container". */
  onlyWithinContainer?: boolean;
}

export interface PermissionEntryView {
  type: "Allow" | "Deny";
  principal: string;
  access: string;
  inherited: boolean;
  appliesTo: string;
  ace: KnownAce;
}

export interface EffectiveAccessRow {
  permission: string;
  allowed: boolean;
}

/** The Effective Access rows the writeback troubleshooting procedure looks at, plus a few generic ones. */
const EFFECTIVE_ACCESS_ROWS: { label: string; kind: "right" | "write" | "mask"; what: string | number }[] = [
  { label: "Full control", kind: "mask", what: 0x000f01ff },
  { label: "Read all properties", kind: "mask", what: 0x10 },
  { label: "Write all properties", kind: "mask", what: 0x20 },
  { label: "Read permissions", kind: "mask", what: 0x20000 },
  { label: "Modify permissions", kind: "mask", what: 0x40000 },
  { label: "Reset password", kind: "right", what: "00299570-246d-11d0-a768-00aa006e0529" },
  { label: "Change password", kind: "right", what: CHANGE_PASSWORD_GUID },
  { label: "Write lockoutTime", kind: "write", what: "lockoutTime" },
  { label: "Write pwdLastSet", kind: "write", what: "pwdLastSet" },
];

export class AducConsole {
  /** View → Advanced Features (off by default in a fresh console, as in Windows). */
  advancedFeatures = false;

  private constructor(readonly session: DirectorySession) {}

  static async open(opts: ConnectionOptions): Promise<AducConsole> {
    return new AducConsole(await DirectorySession.open(opts));
  }

  static fromSession(session: DirectorySession): AducConsole {
    return new AducConsole(session);
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  setAdvancedFeatures(enabled: boolean): void {
    this.advancedFeatures = enabled;
  }

  /** The object's Properties dialog shows a Security tab only with Advanced Features on. */
  private requireSecurityTab(dn: string): void {
    if (!this.advancedFeatures) {
      throw new AducError(
        `The Properties dialog of "${dn}" has no Security tab: turn on View > Advanced Features in Active Directory Users and Computers.`,
      );
    }
  }

  async readDacl(dn: string): Promise<SecurityDescriptor> {
    return this.session.readSecurityDescriptor(dn, SdFlags.DACL);
  }

  /** The permission entries of Advanced Security Settings, in DACL order. */
  async listPermissions(dn: string): Promise<PermissionEntryView[]> {
    this.requireSecurityTab(dn);
    const sd = await this.readDacl(dn);
    const out: PermissionEntryView[] = [];
    for (const a of sd.dacl?.aces ?? []) {
      if (a.kind !== "known" || (a.type !== 0 && a.type !== 1 && a.type !== 5 && a.type !== 6)) continue;
      out.push({
        type: isDeny(a) ? "Deny" : "Allow",
        principal: (await this.session.nameOfSid(a.sid)) ?? a.sid,
        access: accessLabel(a),
        inherited: isInherited(a),
        appliesTo: appliesToLabel(a.flags & ~AceFlag.INHERITED, a.inheritedObjectType),
        ace: a,
      });
    }
    return out;
  }

  private async buildAces(input: PermissionEntryInput): Promise<{ principal: Principal; aces: KnownAce[] }> {
    const principal = await this.session.resolvePrincipal(input.principal);
    const applies = resolveAppliesTo(
      input.appliesTo ?? "This object and all descendant objects",
      input.onlyWithinContainer,
    );
    const bits: PermissionBits[] = [
      ...(input.permissions ?? []).map(resolvePermission),
      ...(input.properties ?? []).map((p) => resolveProperty(p) as PermissionBits),
    ];
    if (bits.length === 0) {
      throw new AducError("Select at least one permission or property for the permission entry.");
    }
    if (applies.className) {
      // ADUC lists, for "Descendant X objects", only the extended rights whose appliesTo names X or
      // a superclass; the tutorial's note on Unexpire Password ([TUT-ENTRA]) is this rule.
      const chain = classChain(applies.className);
      for (const b of bits) {
        const right =
          b.objectType && b.mask === AdRight.CONTROL_ACCESS ? findExtendedRight(b.objectType) : undefined;
        if (right && right.kind === "extendedRight" && !right.appliesTo.some((c) => chain.includes(c))) {
          throw new AducError(
            `"${b.label}" is not listed for "${applies.label}": it applies to ${right.appliesTo.join(", ")} objects. Choose "This object only", "This object and all descendant objects" or "All descendant objects".`,
          );
        }
      }
    }
    const deny = input.type === "deny";
    const aces = groupByObjectType(bits).map(({ mask, objectType }) =>
      allowOrDenyAce({
        deny,
        sid: principal.sid,
        mask,
        flags: applies.flags,
        objectType,
        inheritedObjectType: applies.inheritedObjectType,
      }),
    );
    return { principal, aces };
  }

  /** Advanced → Add → Select a principal → Type, Applies to, permissions/properties → OK → Apply. */
  async addPermission(input: PermissionEntryInput): Promise<{ added: KnownAce[]; sd: SecurityDescriptor }> {
    this.requireSecurityTab(input.object);
    const { aces } = await this.buildAces(input);
    const sd = addAces(await this.readDacl(input.object), aces);
    await this.session.writeSecurityDescriptor(input.object, sd, SdFlags.DACL);
    return { added: aces, sd: await this.readDacl(input.object) };
  }

  /**
   * Advanced → select the entry → Remove → Apply. With permissions/properties given, only those
   * rights are taken out of the matching explicit entries; without, every explicit entry of that
   * principal (and type, when given) goes. Inherited entries cannot be removed here (ADUC's message).
   */
  async removePermission(input: PermissionEntryInput): Promise<{ removed: number; sd: SecurityDescriptor }> {
    this.requireSecurityTab(input.object);
    const current = await this.readDacl(input.object);
    const principal = await this.session.resolvePrincipal(input.principal);
    const typeMatches = (a: KnownAce) => input.type === undefined || (input.type === "deny") === isDeny(a);
    let next: SecurityDescriptor;
    let removed: number;
    if ((input.permissions?.length ?? 0) + (input.properties?.length ?? 0) > 0) {
      const { aces } = await this.buildAces({ ...input, type: input.type ?? "allow" });
      ({ sd: next, touched: removed } = removeAces(current, aces));
    } else {
      ({ sd: next, removed } = removeWhere(current, (a) => a.sid === principal.sid && typeMatches(a)));
    }
    if (removed === 0) {
      const inheritedHit = (current.dacl?.aces ?? []).some(
        (a) => a.kind === "known" && isInherited(a) && a.sid === principal.sid,
      );
      if (inheritedHit) {
        const n = principal.displayName;
        throw new AducError(
          `You can't remove ${n} because this object is inheriting permissions from its parent. To remove ${n}, you must prevent this object from inheriting permissions. Turn off the option for inheriting permissions, and then try removing ${n} again.`,
        );
      }
      throw new AducError(`No permission entry for ${principal.displayName} matches on ${input.object}.`);
    }
    await this.session.writeSecurityDescriptor(input.object, next, SdFlags.DACL);
    return { removed, sd: await this.readDacl(input.object) };
  }

  /** Advanced → Disable inheritance → "Convert inherited permissions into explicit…" or "Remove all inherited…". */
  async disableInheritance(dn: string, convert: boolean): Promise<SecurityDescriptor> {
    this.requireSecurityTab(dn);
    const sd = disableInheritance(await this.readDacl(dn), convert);
    await this.session.writeSecurityDescriptor(dn, sd, SdFlags.DACL);
    return this.readDacl(dn);
  }

  /** Advanced → Enable inheritance. */
  async enableInheritance(dn: string): Promise<SecurityDescriptor> {
    this.requireSecurityTab(dn);
    const sd = enableInheritance(await this.readDacl(dn));
    await this.session.writeSecurityDescriptor(dn, sd, SdFlags.DACL);
    return this.readDacl(dn);
  }

  /**
   * Account tab → "User cannot change password". ADUC (and the documented LDAP procedure "Modifying
   * User Cannot Change Password") rewrites the explicit Change Password ACEs of Everyone and SELF:
   * checked → deny for both, unchecked → allow for both. The Account tab needs no Advanced Features.
   */
  async setUserCannotChangePassword(user: string, value: boolean): Promise<SecurityDescriptor> {
    const dn = (await this.session.resolvePrincipal(user)).dn ?? user;
    const current = await this.readDacl(dn);
    const isCpAce = (a: KnownAce) =>
      (a.sid === EVERYONE || a.sid === SELF) &&
      a.objectType === CHANGE_PASSWORD_GUID &&
      (a.type === AceType.ACCESS_ALLOWED_OBJECT || a.type === AceType.ACCESS_DENIED_OBJECT);
    const { sd: without } = removeWhere(current, isCpAce);
    const type = (value ? AceType.ACCESS_DENIED_OBJECT : AceType.ACCESS_ALLOWED_OBJECT) as KnownAce["type"];
    const mk = (sid: string): KnownAce => ({
      kind: "known",
      type,
      flags: 0,
      mask: 0x100,
      sid,
      objectType: CHANGE_PASSWORD_GUID,
    });
    const sd = addAces(without, [mk(SELF), mk(EVERYONE)]);
    await this.session.writeSecurityDescriptor(dn, sd, SdFlags.DACL);
    return this.readDacl(dn);
  }

  async getUserCannotChangePassword(user: string): Promise<boolean> {
    const dn = (await this.session.resolvePrincipal(user)).dn ?? user;
    const aces = (await this.readDacl(dn)).dacl?.aces ?? [];
    const denied = (sid: string) =>
      aces.some(
        (a: Ace) =>
          a.kind === "known" &&
          a.type === AceType.ACCESS_DENIED_OBJECT &&
          a.sid === sid &&
          a.objectType === CHANGE_PASSWORD_GUID,
      );
    return denied(EVERYONE) && denied(SELF);
  }

  /**
   * Advanced → Effective Access → Select a user → View effective access. The token is computed from
   * the principal's tokenGroups read over LDAP; the decision is the security layer's access check.
   */
  async effectiveAccess(dn: string, principalName: string): Promise<EffectiveAccessRow[]> {
    this.requireSecurityTab(dn);
    const principal = await this.session.resolvePrincipal(principalName);
    const sids = await this.session.tokenSids(principal);
    const token = createToken({ userSid: principal.sid, groupSids: sids, logon: "network" });
    const sd = await this.session.readSecurityDescriptor(dn, SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL);
    const objectClass = await this.session.structuralClass(dn);
    let selfSid: string | undefined;
    try {
      selfSid = (await this.session.resolvePrincipal(dn)).sid;
    } catch {
      selfSid = undefined; // an OU or container has no SID
    }
    const opts = { objectClass, selfSid };
    return EFFECTIVE_ACCESS_ROWS.map((row) => {
      const d =
        row.kind === "right"
          ? checkExtendedRight(sd, token, row.what as string, opts)
          : row.kind === "write"
            ? checkWriteProperty(sd, token, row.what as string, opts)
            : checkRights(sd, token, row.what as number, opts);
      return { permission: row.label, allowed: d.granted };
    });
  }
}

/** The "Access" column text for an ACE ("Full control", "Reset password", "Write lockoutTime", "Special"). */
export function accessLabel(a: KnownAce): string {
  if (!a.objectType) {
    if ((a.mask & 0x000f01ff) === 0x000f01ff) return "Full control";
    if (a.mask === 0x10) return "Read all properties";
    if (a.mask === 0x20) return "Write all properties";
    return "Special";
  }
  const name = guidDisplayName(a.objectType, a.mask) ?? a.objectType;
  if (a.mask === 0x100) return name.charAt(0) + name.slice(1).toLowerCase(); // ADUC: "Reset password"
  if (a.mask === 0x20) return `Write ${name}`;
  if (a.mask === 0x10) return `Read ${name}`;
  if (a.mask === 0x30) return `Read/write ${name}`;
  return "Special";
}
