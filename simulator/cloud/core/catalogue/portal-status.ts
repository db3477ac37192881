/**
 * Status messages of Entra admin center → Password reset → On-premises integration, one per health
 * state of the writeback client [HOWITWORKS] (facts §5). Links in the originals are rendered as their
 * link text.
 */
export type WritebackHealthState =
  | "healthy"
  | "outdated"
  | "cannotCheck"
  | "unreachable"
  | "notConfigured"
  | "serviceIssue";

export const PORTAL_STATUS_MESSAGES: Record<WritebackHealthState, string> = {
  healthy: "Your on-premises writeback client is up and running.",
  outdated:
    "Microsoft Entra ID is online and is connected to your on-premises writeback client. However, it looks like the installed version of Microsoft Entra Connect is out-of-date. Consider Upgrading Microsoft Entra Connect to ensure that you have the latest connectivity features and important bug fixes.",
  cannotCheck:
    "Unfortunately, we can't check your on-premises writeback client status because the installed version of Microsoft Entra Connect is out-of-date. Upgrade Microsoft Entra Connect to be able to check your connection status.",
  unreachable:
    "Unfortunately, it looks like we can't connect to your on-premises writeback client right now. Troubleshoot Microsoft Entra Connect to restore the connection.",
  notConfigured:
    "Unfortunately, we can't connect to your on-premises writeback client because password writeback has not been properly configured. Configure password writeback to restore the connection.",
  serviceIssue:
    "Unfortunately, it looks like we can't connect to your on-premises writeback client right now. This may be due to temporary issues on our end. If the problem persists, Troubleshoot Microsoft Entra Connect to restore the connection.",
};

/** Whether the cloud can hand a writeback request to the client in this state. */
export function canDeliver(state: WritebackHealthState): boolean {
  return state === "healthy" || state === "outdated" || state === "cannotCheck";
}
