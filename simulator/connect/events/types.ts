/**
 * The Application event log of the simulated Azure AD Connect server, as structured entries.
 * Sources and IDs follow the "Troubleshoot self-service password reset writeback" article
 * (sspr-writeback-facts.md §2).
 */
export type EventSource = "PasswordResetService" | "ADSync" | "Directory Synchronization";

export type EventLevel = "Information" | "Warning" | "Error";

export interface EventEntry {
  /** Monotonic record number within one log (Windows' EventRecordID). */
  recordId: number;
  id: number;
  source: EventSource;
  level: EventLevel;
  /** Simulated time (ms since the Unix epoch) the event was written. */
  time: number;
  /** The event message, in the real shape. Never contains a password. */
  text: string;
  /** The catalogue name of the event (e.g. "PasswordResetFail", "ADPermissionsError"). */
  name: string;
  /** Tracking id of the writeback operation the event belongs to, when it has one. */
  trackingId?: string;
}

/** The user the writeback operation is about, as the events name it. */
export interface WritebackContext {
  /** Cloud anchor of the synced user, "User_<objectId>". */
  cloudAnchor: string;
  /** The sourceAnchor (base64 of the AD objectGUID). */
  sourceAnchorValue: string;
  userPrincipalName: string;
  /** Admin-initiated resets only. */
  adminUpn?: string;
  /** The user's DN (password hash sync events 656/657). */
  distinguishedName?: string;
  forcePasswordChange?: boolean;
}
