/** Password redaction for every debug view of a relay message (journal, errors, logs). */
import type { RedactedRequest, WritebackRequest } from "./types.ts";

export function redactRequest(request: WritebackRequest): RedactedRequest {
  const { newPassword, oldPassword, ...rest } = request;
  const out: RedactedRequest = { ...rest };
  if (newPassword !== undefined) out.newPassword = "[redacted]";
  if (oldPassword !== undefined) out.oldPassword = "[redacted]";
  return out;
}

/** Removes `value` wherever it appears in `text` (for agent-supplied detail strings). */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}
