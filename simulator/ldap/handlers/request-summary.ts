/** The DN a request is about, as the client sent it (bind name, search base, entry DN). */
import type { LdapOperation } from "../protocol/messages.ts";

export function requestDn(op: LdapOperation): string {
  switch (op.type) {
    case "bind":
      return op.name;
    case "search":
      return op.request.baseObject;
    case "modify":
    case "add":
    case "delete":
    case "modifyDN":
    case "compare":
      return op.dn;
    default:
      return "";
  }
}
