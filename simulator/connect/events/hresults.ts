/**
 * The synchronization-engine HRESULTs a password-writeback operation can end with, with the message
 * text Connect prints after "hr=" and the MMS source locations seen in real ADSync 6329 events.
 * Texts: sspr-writeback-facts.md §2 "ADSync source" and "HRESULT / Win32 code meanings collected".
 */
export interface HResultInfo {
  /** Upper-case hex without 0x, as the PasswordResetService events print it ("80230626"). */
  hr: string;
  message: string;
  /** How the ADSync 6329 event spells the failure; `{hr}` and `{message}` are substituted. */
  bail: string;
}

const HR = {
  "80230626": {
    message: "The password could not be updated because the management agent credentials were denied access.",
    // [C7] real 6329 text.
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
  "80230619": {
    message: "A restriction prevents the password from being changed to the current one specified.",
    // [TSW-ENTRA] 'BAIL: MMS(4924) 0x80230619: "A restriction …"'.
    bail: 'BAIL: MMS(4924) 0x{hr}: "{message}"',
  },
  "8023062C": {
    message:
      "The password could not be set because the server is not configured for insecure setting of passwords, or a 128 bit TLS or SSL connection is required.",
    // MMS location UNVERIFIED: the support article quotes only the message.
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
  "80230405": {
    message: "The operation failed because the object cannot be found",
    // MicrosoftDocs/azure-docs issue #106884.
    bail: "ERR_: MMS(7720): ..\\ObjectSearcher.cpp(461): AD Object is not present.\r\nBAIL: MMS(7720): ..\\ObjectSearcher.cpp(491): 0x{hr} ({message}): No password writeback targets found. Make sure the source object exists and is connected to the target objects via MV and the target object is in scope of password sync rule.",
  },
  "80230402": {
    message: "An attempt to get an object failed because there are duplicated entries with the same anchor.",
    bail: "BAIL: MMS(7720): ..\\ObjectSearcher.cpp(491): 0x{hr} ({message})",
  },
  "80230818": {
    message: "The management agent run was terminated because a domain controller could not be contacted.",
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
  "8023061F": {
    message: "The operation failed because password synchronization isn't enabled on this Management Agent",
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
  "800700CE": {
    message: "The filename or extension is too long",
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
  "80005000": {
    message: "unable to get error text",
    bail: "BAIL: MMS(5716): ..\\server.cpp(11139): 0x{hr} ({message})",
  },
} as const satisfies Record<string, Omit<HResultInfo, "hr">>;

export type HResult = keyof typeof HR;

export const HRESULTS: readonly HResultInfo[] = Object.entries(HR).map(([hr, v]) => ({ hr, ...v }));

export function hresultInfo(hr: HResult): HResultInfo {
  return { hr, ...HR[hr] };
}

/** "Synchronization Engine returned an error hr=80230626, message=…" — the Reason of a 33xxx event. */
export function syncEngineReason(hr: HResult): string {
  return `Synchronization Engine returned an error hr=${hr}, message=${HR[hr].message}`;
}

/** The BAIL line of the ADSync 6329 event for this HRESULT. */
export function bailLine(hr: HResult): string {
  const info = HR[hr];
  return info.bail.replace("{hr}", hr.toLowerCase()).replace("{message}", info.message);
}
