/**
 * What real LDAP clients must see from the fake DC, per personality: the accounts of the `contoso`
 * world, the exact result codes and diagnostic messages (written out here, not read from the
 * personality catalogues, so a catalogue change cannot silently change what is asserted), and the
 * security-descriptor checks every client shares (our codec decodes what the client received).
 *
 * Sources: Windows strings, sspr-writeback-facts.md §7 shapes as the windows personality fixes
 * them; Samba strings, samba-observations.md §5-§7 (recorded from Samba 4.17).
 */
import { readFileSync } from "node:fs";
import {
  type Ace,
  AceFlag,
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatAceSddl,
  parseSddl,
  SdControl,
  type SecurityDescriptor,
} from "../../simulator/security/index.ts";

export const PERSONALITIES = ["windows", "samba"] as const;
export type PersonalityName = (typeof PERSONALITIES)[number];

export const BASE_DN = "DC=contoso,DC=com";
export const DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
export const OID_SD_FLAGS = "1.2.840.113556.1.4.801";
/** BER of the SD-flags control value SEQUENCE { INTEGER 4 } (DACL only), MS-ADTS 3.1.1.3.4.1.11. */
export const SD_FLAGS_DACL_VALUE = Buffer.from("3003020104", "hex");
export const RESET_PASSWORD_RIGHT = "00299570-246d-11d0-a768-00aa006e0529";

export interface Account {
  name: string;
  dn: string;
  upn: string;
  downLevel: string;
  password: string;
}
const account = (name: string, container: string, password: string): Account => ({
  name,
  dn: `CN=${name},${container},${BASE_DN}`,
  upn: `${name}@contoso.com`,
  downLevel: `CONTOSO\\${name}`,
  password,
});
/** The seeded accounts (issue 3, "The default world contoso"). */
export const accounts = {
  admin: account("Administrator", "CN=Users", "Adm1n!Passw0rd"),
  msol: account("MSOL_0123456789ab", "CN=Users", "Msol!Passw0rd#1"),
  alice: account("alice", "OU=Staff", "Alice!Passw0rd1"),
  frank: account("frank", "OU=Staff", "Frank!Passw0rd1"),
  dave: account("dave", "OU=Sales", "Dave!Passw0rd1"),
  bob: account("bob", "CN=Users", "Bob!Passw0rd1"),
};

export interface Expected {
  code: number;
  message: string;
}

export interface PersonalityExpectations {
  /** Diagnostic message of a successful modify. */
  writeSuccess: string;
  /** MSOL resets alice without the Reset Password right. */
  resetDenied: Expected;
  /** A simple bind with a wrong password. */
  wrongPassword: Expected;
  /** Simple bind over cleartext LDAP (389 without StartTLS). */
  cleartextBind: Expected;
  /** A password reset or change sent over cleartext LDAP after that bind. */
  cleartextPasswordWrite: Expected;
}

export const expectations: Record<PersonalityName, PersonalityExpectations> = {
  windows: {
    writeSuccess: "",
    resetDenied: {
      code: 50,
      message: "00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    },
    wrongPassword: {
      code: 49,
      message: "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563",
    },
    // Windows accepts a simple bind on 389 and refuses the password write (MS-ADTS 3.1.1.3.1.5).
    cleartextBind: { code: 0, message: "" },
    cleartextPasswordWrite: {
      code: 53,
      message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    },
  },
  samba: {
    writeSuccess: "00000000: Success",
    resetDenied: {
      code: 50,
      message: "error in module acl: insufficient access rights during LDB_MODIFY (50)",
    },
    wrongPassword: {
      code: 49,
      message: "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1",
    },
    // Samba's default "ldap server require strong auth" (observations §7, E6): the bind is refused,
    // and the modify that follows on the still-anonymous connection is an operationsError.
    cleartextBind: { code: 8, message: "BindSimple: Transport encryption required." },
    cleartextPasswordWrite: { code: 1, message: "00002020: Operation unavailable without authentication" },
  },
};

/** Quoted UTF-16LE, as unicodePwd wants it (MS-ADTS 3.1.1.3.1.5.1). */
export const unicodePwd = (password: string) => Buffer.from(`"${password}"`, "utf16le");

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/samba-sddl/${name}`, import.meta.url), "utf8").trim();

/** alice's DACL as the Samba lab recorded it before any grant (baseline_alice_full_sd.txt), each
 * ACE as SDDL with our domain's SIDs. */
export function expectedAliceDacl(): string[] {
  const sd = parseSddl(fixture("baseline_alice_full_sd.txt"), {
    domainSid: DOMAIN_SID,
    rootDomainSid: DOMAIN_SID,
  });
  return (sd.dacl?.aces ?? []).map((a) => formatAceSddl(a));
}

/**
 * Checks an nTSecurityDescriptor read with SD flags 4: it decodes with our codec, carries only the
 * DACL (control SE_SELF_RELATIVE | SE_DACL_AUTO_INHERITED | SE_DACL_PRESENT, as Samba sent 0x8404),
 * and its ACEs — the inherited ones in particular — are the recorded ones. Returns the decoded SD.
 */
export function checkDaclOnlySd(bytes: Buffer): { sd: SecurityDescriptor; problems: string[] } {
  const sd = decodeSecurityDescriptor(bytes);
  const problems: string[] = [];
  if (sd.owner !== null) problems.push("owner returned");
  if (sd.group !== null) problems.push("group returned");
  if (sd.sacl !== null) problems.push("SACL returned");
  const want = SdControl.SELF_RELATIVE | SdControl.DACL_AUTO_INHERITED | SdControl.DACL_PRESENT;
  if (sd.control !== want) problems.push(`control 0x${sd.control.toString(16)}`);
  return { sd, problems };
}

export const aceTexts = (sd: SecurityDescriptor) => (sd.dacl?.aces ?? []).map((a) => formatAceSddl(a));
export const inheritedAceTexts = (sd: SecurityDescriptor) =>
  (sd.dacl?.aces ?? []).filter((a) => (a.flags & AceFlag.INHERITED) !== 0).map((a) => formatAceSddl(a));

/** The DACL-only SD (for a write with SD flags 4) of `current` with `ace` put first. */
export function withAceFirst(current: SecurityDescriptor, ace: Ace): Buffer {
  const dacl = current.dacl ?? { revision: 4, aces: [] };
  return encodeSecurityDescriptor({
    revision: 1,
    rmControl: 0,
    control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | (current.control & SdControl.DACL_PROTECTED),
    owner: null,
    group: null,
    dacl: { revision: 4, aces: [ace, ...dacl.aces] },
    sacl: null,
  });
}

/** (OA;;CR;Reset Password;;<sid>): the grant the Administrator writes on alice. */
export function resetGrant(sid: string): Ace {
  const parsed = parseSddl(`D:(OA;;CR;${RESET_PASSWORD_RIGHT};;${sid})`);
  return parsed.dacl!.aces[0];
}
