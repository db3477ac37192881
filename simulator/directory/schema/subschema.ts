/**
 * The subschema entry's lists (CN=Aggregate,CN=Schema,CN=Configuration,…; RFC 4512 4.2, MS-ADTS
 * 3.1.1.3.1.1.4), built from the schema the directory knows: the AD schema facts plus our own table.
 * Written as AD (and Samba 4.17, seen on the container) writes them, which is what ldap3's
 * `get_info=ALL` and ldapdomaindump parse:
 *   ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )
 *   ( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST (cn ) MAY (sn $ telephoneNumber ) )
 * (the syntax OID quoted, a space before each list's closing parenthesis). Built once per process.
 */
import { ATTRIBUTES, CLASSES } from "../../security/schema-data.ts";
import type { Syntax } from "./attributes.ts";
import { allAttributes } from "./attributes.ts";
import { allClasses } from "./classes.ts";

/** attributeSyntax (+ oMSyntax) → LDAP syntax OID (MS-ADTS 3.1.1.2.2.2). */
function ldapSyntax(attributeSyntax: string, omSyntax: number): string {
  switch (attributeSyntax) {
    case "2.5.5.1":
      return "1.3.6.1.4.1.1466.115.121.1.12";
    case "2.5.5.2":
      return "1.3.6.1.4.1.1466.115.121.1.38";
    case "2.5.5.3":
      return "1.2.840.113556.1.4.1362";
    case "2.5.5.4":
      return "1.2.840.113556.1.4.905";
    case "2.5.5.5":
      return omSyntax === 22 ? "1.3.6.1.4.1.1466.115.121.1.26" : "1.3.6.1.4.1.1466.115.121.1.44";
    case "2.5.5.6":
      return "1.3.6.1.4.1.1466.115.121.1.36";
    case "2.5.5.7":
      return "1.2.840.113556.1.4.903";
    case "2.5.5.8":
      return "1.3.6.1.4.1.1466.115.121.1.7";
    case "2.5.5.9":
      return "1.3.6.1.4.1.1466.115.121.1.27";
    case "2.5.5.11":
      return omSyntax === 23 ? "1.3.6.1.4.1.1466.115.121.1.53" : "1.3.6.1.4.1.1466.115.121.1.24";
    case "2.5.5.12":
      return "1.3.6.1.4.1.1466.115.121.1.15";
    case "2.5.5.13":
      return "1.3.6.1.4.1.1466.115.121.1.43";
    case "2.5.5.14":
      return "1.2.840.113556.1.4.904";
    case "2.5.5.15":
      return "1.2.840.113556.1.4.907";
    case "2.5.5.16":
      return "1.2.840.113556.1.4.906";
    default:
      return "1.3.6.1.4.1.1466.115.121.1.40"; // 2.5.5.10, 2.5.5.17: octet string
  }
}

const OWN_SYNTAX: Record<Syntax, string> = {
  string: "1.3.6.1.4.1.1466.115.121.1.15",
  dn: "1.3.6.1.4.1.1466.115.121.1.12",
  oid: "1.3.6.1.4.1.1466.115.121.1.38",
  int: "1.3.6.1.4.1.1466.115.121.1.27",
  int64: "1.2.840.113556.1.4.906",
  bool: "1.3.6.1.4.1.1466.115.121.1.7",
  binary: "1.3.6.1.4.1.1466.115.121.1.40",
  sid: "1.3.6.1.4.1.1466.115.121.1.40",
  guid: "1.3.6.1.4.1.1466.115.121.1.40",
  time: "1.3.6.1.4.1.1466.115.121.1.24",
  sd: "1.2.840.113556.1.4.907",
};

export interface SubschemaLists {
  attributeTypes: Buffer[];
  objectClasses: Buffer[];
  dITContentRules: Buffer[];
}

let built: SubschemaLists | undefined;

const list = (names: string[]) => `(${names.join(" $ ")} )`;

export function subschemaLists(): SubschemaLists {
  if (built) return built;
  const attributeTypes = new Map<string, string>();
  for (const a of ATTRIBUTES) {
    const flags = (a.singleValued ? " SINGLE-VALUE" : "") + (a.systemOnly ? " NO-USER-MODIFICATION" : "");
    attributeTypes.set(
      a.ldapName.toLowerCase(),
      `( ${a.attributeId} NAME '${a.ldapName}' SYNTAX '${ldapSyntax(a.attributeSyntax, a.omSyntax)}'${flags} )`,
    );
  }
  for (const a of allAttributes()) {
    if (attributeTypes.has(a.name.toLowerCase())) continue;
    const flags = (a.single ? " SINGLE-VALUE" : "") + (a.systemOnly ? " NO-USER-MODIFICATION" : "");
    attributeTypes.set(
      a.name.toLowerCase(),
      `( ${a.oid} NAME '${a.name}' SYNTAX '${OWN_SYNTAX[a.syntax]}'${flags} )`,
    );
  }
  const KIND = ["88", "STRUCTURAL", "ABSTRACT", "AUXILIARY"];
  const objectClasses = new Map<string, string>();
  const contentRules: string[] = [];
  for (const c of CLASSES) {
    const sup = c.subClassOf === c.ldapName ? "" : ` SUP ${c.subClassOf}`;
    const must = c.mustContain.length ? ` MUST ${list(c.mustContain)}` : "";
    const may = c.mayContain.length ? ` MAY ${list(c.mayContain)}` : "";
    objectClasses.set(
      c.ldapName.toLowerCase(),
      `( ${c.governsId} NAME '${c.ldapName}'${sup} ${KIND[c.category] ?? "STRUCTURAL"}${must}${may} )`,
    );
    if (c.category === 1 && c.auxiliaryClasses.length)
      contentRules.push(`( ${c.governsId} NAME '${c.ldapName}' AUX ${list(c.auxiliaryClasses)} )`);
  }
  for (const c of allClasses()) {
    if (objectClasses.has(c.name.toLowerCase()) || !c.oid) continue;
    const sup = c.superClass ? ` SUP ${c.superClass}` : "";
    const must = c.must.length ? ` MUST ${list(c.must)}` : "";
    const may = c.may.length ? ` MAY ${list(c.may)}` : "";
    objectClasses.set(c.name.toLowerCase(), `( ${c.oid} NAME '${c.name}'${sup} STRUCTURAL${must}${may} )`);
  }
  built = {
    attributeTypes: [...attributeTypes.values()].map((v) => Buffer.from(v)),
    objectClasses: [...objectClasses.values()].map((v) => Buffer.from(v)),
    dITContentRules: contentRules.map((v) => Buffer.from(v)),
  };
  return built;
}
