/**
 * Deletes leave tombstones (MS-ADTS 3.1.1.5.5.1.1, with the Recycle Bin off): the object stays, with
 * isDeleted TRUE and isRecycled TRUE, most attributes stripped, renamed to `<RDN value>\nDEL:<guid>`
 * (written `\0ADEL:` in a DN) and moved to its NC's CN=Deleted Objects, with lastKnownParent naming
 * where it was. Searches see it only with the show-deleted control (1.2.840.113556.1.4.417).
 *
 * Kept: the attributes MS-ADTS 3.1.1.5.5.1.1 lists, plus any whose searchFlags has
 * fPRESERVEONDELETE (0x8) in the schema. What Samba 4.17 kept on a deleted user (seen on the
 * container): objectClass, instanceType, whenCreated, whenChanged, uSNCreated, uSNChanged, objectGUID,
 * objectSid, sAMAccountName, userAccountControl, cn, name, distinguishedName, isDeleted, isRecycled,
 * lastKnownParent and the SD; objectCategory and the password are gone.
 */
import { ATTRIBUTES } from "../../security/schema-data.ts";
import { escapeDnValue, normalizeDn } from "../dn.ts";
import { type Entry, EntryDraft } from "../entry.ts";

export const SHOW_DELETED_OID = "1.2.840.113556.1.4.417";

const LISTED = [
  "attributeID",
  "attributeSyntax",
  "dNReferenceUpdate",
  "dNSHostName",
  "flatName",
  "governsID",
  "groupType",
  "instanceType",
  "lDAPDisplayName",
  "legacyExchangeDN",
  "mS-DS-CreatorSID",
  "mSMQOwnerID",
  "nCName",
  "objectClass",
  "distinguishedName",
  "objectGUID",
  "objectSid",
  "oMSyntax",
  "proxiedObjectName",
  "name",
  "nTSecurityDescriptor",
  "replPropertyMetaData",
  "sAMAccountName",
  "securityIdentifier",
  "sIDHistory",
  "subClassOf",
  "systemFlags",
  "trustPartner",
  "trustDirection",
  "trustType",
  "trustAttributes",
  "userAccountControl",
  "uSNChanged",
  "uSNCreated",
  "whenCreated",
  "whenChanged",
  "msDS-AdditionalSamAccountName",
  "msDS-Auxiliary-Classes",
  "msDS-Entry-Time-To-Die",
  "msDS-IntId",
  "msSFU30NisDomain",
  "uid",
];

const KEPT = new Set(LISTED.map((n) => n.toLowerCase()));
for (const a of ATTRIBUTES) if (a.searchFlags & 0x8) KEPT.add(a.ldapName.toLowerCase());
// searchFlags mark some that a tombstone of a user still loses on Samba and Windows alike.
KEPT.delete("objectcategory");

export function isDeleted(e: Entry): boolean {
  const v = e.attrs.get("isdeleted")?.values[0];
  return v !== undefined && v.length === 4 && v.toString("utf8").toUpperCase() === "TRUE";
}

/** The DN a deleted object gets: `CN=alice\0ADEL:<guid>,CN=Deleted Objects,<NC>`. */
export function tombstoneRdnValue(rdnValue: string, guid: string): string {
  return `${rdnValue}\nDEL:${guid}`;
}

/**
 * The tombstone of a live object, to be stored in place of it (under `deletedObjects`). The caller
 * runs it through the write pipeline, which stamps the version of every removed attribute.
 */
export function tombstoneOf(e: Entry, deletedObjects: Entry): Entry {
  const eq = e.dn.indexOf("=");
  const rdnType = e.dn.slice(0, eq);
  const rdnValue = e.attrs.get(rdnType.toLowerCase())?.values[0]?.toString("utf8") ?? e.dn.slice(eq + 1);
  const value = tombstoneRdnValue(rdnValue, e.guid);
  const dn = `${rdnType}=${escapeDnValue(value)},${deletedObjects.dn}`;
  const d = new EntryDraft(e);
  for (const k of [...d.attrs.keys()]) if (!KEPT.has(k)) d.attrs.delete(k);
  d.dn = dn;
  d.ndn = normalizeDn(dn);
  d.parent = deletedObjects.ndn;
  d.secrets = undefined;
  d.set(rdnType, [Buffer.from(value)]);
  d.set("name", [Buffer.from(value)]);
  d.set("distinguishedName", [Buffer.from(dn)]);
  d.setStr("isDeleted", "TRUE");
  d.setStr("isRecycled", "TRUE");
  d.set("lastKnownParent", [Buffer.from(parentDisplayDn(e))]);
  return d.freeze();
}

function parentDisplayDn(e: Entry): string {
  // The parent's DN as displayed: the entry's DN minus its first RDN (escapes respected).
  let k = 0;
  while (k < e.dn.length) {
    if (e.dn[k] === "\\") k += 2;
    else if (e.dn[k] === ",") return e.dn.slice(k + 1);
    else k++;
  }
  return "";
}

/** The SD AD gives CN=Deleted Objects (MS-ADTS 6.1.1.3?: only SYSTEM and Administrators list it). */
export const DELETED_OBJECTS_SDDL = "O:SYG:SYD:PAI(A;;RPWPCCDCLCSWRCWDWOSD;;;SY)(A;;RPLC;;;BA)";
