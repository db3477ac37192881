/**
 * The shapes `wbsim diagnose` passes between its stages: what was read from the customer's files
 * (every fact keeps the file and line it came from, so the report can quote it as evidence), what
 * the analysis concluded, and what is still unknown. Pure data.
 */
import type { SecurityDescriptor } from "../security/types.ts";

/** A line in one of the customer's files: the evidence a conclusion quotes. */
export interface SourceRef {
  file: string;
  /** 1-based. */
  line: number;
  /** The line (or the start of the record) as the customer's file has it, trimmed and capped. */
  text: string;
}

/** Something in the input that could not be read, or was read only in part. */
export interface InputProblem {
  file: string;
  line?: number;
  message: string;
}

export type ArtifactKind = "event-xml" | "event-csv" | "dsacls" | "sddl" | "ldif" | "facts";

export interface FileSummary {
  file: string;
  kind: ArtifactKind | "unknown";
  encoding: string;
  /** One line: what was in it ("1,204 events, 19 from PasswordResetService/ADSync"). */
  summary: string;
}

/** One event from an exported Windows event log, whatever the export format. */
export interface LogEvent {
  source: string;
  id: number;
  /** "Error", "Warning", "Information", … (from the Level number or the CSV column). */
  level: string;
  /** ISO 8601 when the export had a UTC time; otherwise the local time text as exported. */
  time: string;
  recordId?: number;
  computer?: string;
  message: string;
  ref: SourceRef;
}

/** A security descriptor read for one object, before SIDs and names are resolved. */
export interface RawSd {
  dn?: string;
  format: "sddl" | "dsacls" | "ldif";
  /** SDDL text (sddl), listing lines (dsacls) or the decoded binary SD (ldif). */
  sddl?: string;
  listing?: { text: string; line: number }[];
  binary?: SecurityDescriptor;
  objectClass?: string;
  ref: SourceRef;
}

/** A directory object from an LDIF export or a Get-ADUser listing: its attributes as text. */
export interface DirectoryObject {
  dn: string;
  /** Lower-cased attribute name → values. Secrets (unicodePwd, …) are never kept. */
  attributes: Map<string, string[]>;
  ref: SourceRef;
}

/** Facts about the case the customer stated: the connector account, the failing user, the code seen. */
export interface CaseFacts {
  connectorName?: Fact;
  connectorSid?: Fact;
  connectorGroups: Fact[];
  /** The connector's groups were stated (possibly as none: `MemberOf : {}`). */
  connectorGroupsStated?: SourceRef;
  userDn?: Fact;
  userUpn?: Fact;
  userSid?: Fact;
  adminCount?: Fact;
  userAccountControl?: Fact;
  userGroups: Fact[];
  ssprCode?: Fact;
  forest?: Fact;
}

export interface Fact {
  value: string;
  ref: SourceRef;
}

/** Everything read from the customer's files. */
export interface Artifacts {
  files: FileSummary[];
  problems: InputProblem[];
  /** Writeback-related events (PasswordResetService, ADSync, Directory Synchronization), in log order. */
  events: LogEvent[];
  /** Events from other sources, counted and dropped (a 50 MB export is mostly these). */
  otherEvents: number;
  /** DC Security-log events about password operations (4723/4724/4738/4740/4767), if exported. */
  securityEvents: LogEvent[];
  sds: RawSd[];
  objects: DirectoryObject[];
  facts: CaseFacts;
}

export function emptyFacts(): CaseFacts {
  return { connectorGroups: [], userGroups: [] };
}

/** Caps an evidence line so a 40 kB event message doesn't flood the report. */
export function refText(text: string, max = 240): string {
  const t = (text.length > max * 4 ? text.slice(0, max * 4) : text).replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
