/** The command-line grammars and ADUC name tables, without a DC. */
import { describe, expect, it } from "vitest";
import {
  DsaclsUsageError,
  groupByObjectType,
  inheritFlags,
  parseDsaclsArgs,
  parsePsCommand,
  resolveAppliesTo,
  resolvePermission,
  resolveProperty,
  splitCommandLine,
} from "../../simulator/admin-tools/index.ts";
import { canonicalOrder } from "../../simulator/security/acl-edit.ts";
import { AceFlag, type KnownAce } from "../../simulator/security/types.ts";

describe("Windows command-line splitting (CommandLineToArgvW rules)", () => {
  it('keeps backslashes literal, groups quotes, unescapes \\"', () => {
    expect(
      splitCommandLine('dsacls "DC=contoso,DC=com" /G "CONTOSO\\MSOL_x:CA;Reset Password;user" /I:S'),
    ).toEqual(["dsacls", "DC=contoso,DC=com", "/G", "CONTOSO\\MSOL_x:CA;Reset Password;user", "/I:S"]);
    expect(splitCommandLine('a\\\\"b c"')).toEqual(["a\\b c"]);
    expect(splitCommandLine('a\\"b')).toEqual(['a"b']);
    expect(() => splitCommandLine('"open')).toThrow(/unterminated/);
  });
});

describe("dsacls arguments", () => {
  it("parses /G /D /R /I /N /P", () => {
    const a = parseDsaclsArgs([
      "dsacls.exe",
      "OU=Staff,DC=contoso,DC=com",
      "/D",
      "Everyone:CA;Change Password",
      "/G",
      "CONTOSO\\x:WP;lockoutTime;user",
      "x@contoso.com:GR",
      "/R",
      "CONTOSO\\y",
      "/I:T",
      "/N",
      "/P:Y",
    ]);
    expect(a).toMatchObject({
      object: "OU=Staff,DC=contoso,DC=com",
      denies: [{ principal: "Everyone", permission: "CA;Change Password" }],
      grants: [
        { principal: "CONTOSO\\x", permission: "WP;lockoutTime;user" },
        { principal: "x@contoso.com", permission: "GR" },
      ],
      removes: ["CONTOSO\\y"],
      inherit: "T",
      replace: true,
      protect: true,
    });
    expect(inheritFlags("S")).toBe(AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY);
    expect(inheritFlags("P")).toBe(AceFlag.CONTAINER_INHERIT | AceFlag.NO_PROPAGATE_INHERIT);
    expect(inheritFlags(undefined)).toBe(0);
  });

  it("refuses malformed switches and grants", () => {
    expect(() => parseDsaclsArgs(["DC=x", "/I:Q"])).toThrow(DsaclsUsageError);
    expect(() => parseDsaclsArgs(["DC=x", "/G", "nocolon"])).toThrow(/<user>:<permissions>/);
    expect(() => parseDsaclsArgs(["/G"])).toThrow(/object DN/);
    expect(() => parseDsaclsArgs(["DC=x", "stray"])).toThrow(/unexpected argument/);
  });
});

describe("PowerShell command parsing", () => {
  const sw = () => new Set(["skipadminsdholders", "whatif", "confirm"]);
  it("binds named, switch, -Name:value and quoted values", () => {
    const c = parsePsCommand(
      `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName 'MSOL_x' -ADConnectorAccountDomain "contoso.com" -SkipAdminSdHolders -ADobjectDN 'OU=It''s,DC=x' -Confirm:$false`,
      sw,
    );
    expect(c.name).toBe("Set-ADSyncPasswordWritebackPermissions");
    expect(Object.fromEntries(c.named)).toEqual({
      ADConnectorAccountName: "MSOL_x",
      ADConnectorAccountDomain: "contoso.com",
      SkipAdminSdHolders: true,
      ADobjectDN: "OU=It's,DC=x",
      Confirm: false,
    });
  });

  it("handles backtick escapes and reports unterminated strings", () => {
    expect(parsePsCommand('Get-X -A "say `"hi`""').named.get("A")).toBe('say "hi"');
    expect(() => parsePsCommand("Get-X -A 'open")).toThrow("The string is missing the terminator: '.");
  });
});

describe("ADUC names", () => {
  it("maps every Applies-to option", () => {
    expect(resolveAppliesTo("This object only")).toEqual({ flags: 0, label: "This object only" });
    expect(resolveAppliesTo("This object and all descendant objects").flags).toBe(AceFlag.CONTAINER_INHERIT);
    expect(resolveAppliesTo("All descendant objects").flags).toBe(
      AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY,
    );
    for (const [label, guid] of [
      ["Descendant User objects", "bf967aba-0de6-11d0-a285-00aa003049e2"],
      ["Descendant Computer objects", "bf967a86-0de6-11d0-a285-00aa003049e2"],
      ["Descendant Group objects", "bf967a9c-0de6-11d0-a285-00aa003049e2"],
      ["Descendant Organizational Unit objects", "bf967aa5-0de6-11d0-a285-00aa003049e2"],
      ["Descendant InetOrgPerson objects", "4828cc14-1437-45bc-9b07-ad6f015e5f28"],
    ]) {
      expect(resolveAppliesTo(label)).toMatchObject({
        flags: AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY,
        inheritedObjectType: guid,
      });
    }
    expect(
      resolveAppliesTo("All descendant objects", true).flags & AceFlag.NO_PROPAGATE_INHERIT,
    ).toBeTruthy();
    expect(() => resolveAppliesTo("Everything")).toThrow(/ADUC offers/);
  });

  it("maps permission and property names to masks and object types", () => {
    expect(resolvePermission("Reset password")).toMatchObject({
      mask: 0x100,
      objectType: "00299570-246d-11d0-a768-00aa006e0529",
    });
    expect(resolvePermission("Change password")).toMatchObject({
      mask: 0x100,
      objectType: "ab721a53-1e2f-11d0-9819-00aa0040529b",
    });
    expect(resolvePermission("Unexpire Password")).toMatchObject({
      objectType: "ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501",
    });
    expect(resolvePermission("Full control").mask).toBe(0x000f01ff);
    expect(resolvePermission("Read all properties")).toEqual({ mask: 0x10, label: "Read all properties" });
    expect(resolvePermission("Create User objects")).toMatchObject({
      mask: 0x1,
      objectType: "bf967aba-0de6-11d0-a285-00aa003049e2",
    });
    expect(resolveProperty("Write lockoutTime")).toMatchObject({
      mask: 0x20,
      objectType: "28630ebf-41d5-11d1-a9c1-0000f80367c1",
    });
    expect(resolveProperty("Read/write pwdLastSet")).toMatchObject({
      mask: 0x30,
      objectType: "bf967a0a-0de6-11d0-a285-00aa003049e2",
    });
    expect(resolveProperty("Write Account Restrictions")).toMatchObject({
      objectType: "4c164200-20c0-11d0-a768-00aa006e0529",
    });
    expect(() => resolvePermission("Fly")).toThrow(/unknown permission "Fly"/);
    expect(() => resolveProperty("Write nothingAtAll")).toThrow(/unknown property entry/);
    expect(
      groupByObjectType([
        resolvePermission("Read all properties"),
        resolvePermission("Delete"),
        resolveProperty("Read pwdLastSet")!,
        resolveProperty("Write pwdLastSet")!,
      ]),
    ).toEqual([{ mask: 0x10010 }, { mask: 0x30, objectType: "bf967a0a-0de6-11d0-a285-00aa003049e2" }]);
  });

  it("orders a DACL canonically: explicit deny, explicit allow, inherited", () => {
    const ace = (type: KnownAce["type"], flags: number, sid: string): KnownAce => ({
      kind: "known",
      type,
      flags,
      mask: 1,
      sid,
    });
    const inh = ace(0, AceFlag.INHERITED, "S-1-1-0");
    const allow = ace(0, 0, "S-1-5-11");
    const deny = ace(6, 0, "S-1-5-10");
    expect(canonicalOrder([inh, allow, deny])).toEqual([deny, allow, inh]);
  });
});
