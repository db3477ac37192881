/**
 * The request controls Connect and the admin tools send, as ldapts Control subclasses.
 */
import { BerWriter, Control } from "ldapts";

/** LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11): which SD parts a read returns / a write sets. */
export const SD_FLAGS_OID = "1.2.840.113556.1.4.801";
/** LDAP_SERVER_POLICY_HINTS_OID (MS-ADTS 3.1.1.3.4.1.27): enforce history on a password set. */
export const POLICY_HINTS_OID = "1.2.840.113556.1.4.2239";
/** LDAP_SERVER_POLICY_HINTS_DEPRECATED_OID, the one Connect's 6329 text names. */
export const POLICY_HINTS_DEPRECATED_OID = "1.2.840.113556.1.4.2066";

export const SdFlags = { OWNER: 0x1, GROUP: 0x2, DACL: 0x4, SACL: 0x8 } as const;

/** A control whose value is BER `SEQUENCE { INTEGER n }` (both SD flags and policy hints). */
class IntegerSequenceControl extends Control {
  constructor(
    oid: string,
    private readonly n: number,
    critical: boolean,
  ) {
    super(oid, { critical });
  }

  protected override writeControl(writer: BerWriter): void {
    const inner = new BerWriter();
    inner.startSequence();
    inner.writeInt(this.n);
    inner.endSequence();
    writer.writeBuffer(inner.buffer, 0x04);
  }
}

/** SD flags; ADUC and dsacls send it critical with DACL (4) when they only touch the DACL. */
export function sdFlagsControl(flags: number, critical = true): Control {
  return new IntegerSequenceControl(SD_FLAGS_OID, flags, critical);
}

/** Policy hints with Flags = 1 (enforce history on reset). Connect sends it non-critical (UNVERIFIED). */
export function policyHintsControl(oid: string = POLICY_HINTS_OID, critical = false): Control {
  return new IntegerSequenceControl(oid, 1, critical);
}
