/**
 * Command-line admin tools on the admin's workstation: dsacls.exe and the AdSyncConfig PowerShell
 * module, over LDAP as the signed-in admin (the environment's ADUC session).
 */
import { type AdSyncConfigVersion, runDsacls, runPowerShell } from "../../simulator/admin-tools/index.ts";
import { type Executors, failed, ok } from "./results.ts";

export const toolExecutors: Executors = {
  dsacls: async (env, params) => {
    const r = await runDsacls(env.session, String(params));
    const output = r.output.join("\n");
    const last = r.output[r.output.length - 1] ?? "";
    return r.exitCode === 0
      ? ok(`dsacls: ${last}`, { output })
      : failed(`dsacls exited with ${r.exitCode}: ${r.output[0] ?? ""}`, {
          output,
          userMessage: r.output[0],
        });
  },

  powershell: async (env, params) => {
    const p =
      typeof params === "string"
        ? { command: params }
        : (params as { command: string; answers?: string[]; module?: AdSyncConfigVersion });
    const r = await runPowerShell(
      {
        session: env.session,
        connectorAccount: env.connect.connectorAccountRef(),
        answers: p.answers ?? [],
        module: p.module,
      },
      p.command,
    );
    const output = r.output.join("\n");
    const name = p.command.trim().split(/\s+/)[0];
    return r.success && r.errors.length === 0
      ? ok(`PS> ${name}: completed`, { output, details: r.dsaclsCommands.map((c) => `ran: ${c}`) })
      : failed(`PS> ${name}: ${r.errors[0] ?? "failed"}`, { output, userMessage: r.errors[0] });
  },
};
