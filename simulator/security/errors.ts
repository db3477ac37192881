/**
 * Typed errors of the security-descriptor codec. Every message names where the problem is
 * (byte offset for binary input, character offset for SDDL / SID text) and what was wrong, so
 * a bad SD from a fixture, the wire or a CLI user is diagnosable without a debugger.
 */

/** Malformed binary security descriptor, ACL, ACE or SID. `offset` is the byte offset of the fault. */
export class SecurityDescriptorDecodeError extends Error {
  readonly offset: number;
  constructor(offset: number, problem: string) {
    super(`invalid security descriptor at byte ${offset}: ${problem}`);
    this.name = "SecurityDescriptorDecodeError";
    this.offset = offset;
  }
}

/** Malformed SDDL text. `offset` is the 0-based character offset where `expected` was not found. */
export class SddlParseError extends Error {
  readonly offset: number;
  constructor(offset: number, problem: string) {
    super(`invalid SDDL at character ${offset}: ${problem}`);
    this.name = "SddlParseError";
    this.offset = offset;
  }
}

/** A SecurityDescriptor value that cannot be written in the requested form (binary or SDDL). */
export class SecurityDescriptorEncodeError extends Error {
  constructor(problem: string) {
    super(`cannot encode security descriptor: ${problem}`);
    this.name = "SecurityDescriptorEncodeError";
  }
}

/** Malformed SID or GUID text given to parseSidString / sidToBytes / guidToBytes. */
export class SecurityFormatError extends Error {
  readonly offset: number;
  /** What was wrong, without the position prefix. */
  readonly problem: string;
  constructor(kind: "SID" | "GUID" | "access mask", text: string, offset: number, problem: string) {
    const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    super(`invalid ${kind} ${JSON.stringify(shown)} at character ${offset}: ${problem}`);
    this.name = "SecurityFormatError";
    this.offset = offset;
    this.problem = problem;
  }
}
