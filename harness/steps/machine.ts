/**
 * Machine settings outside the directory and the wizard: the RestrictRemoteSam security option on the
 * DC or the Connect server (SA-0029 cause 3), and the Connect server's own options (installed on a DC,
 * the kept variants of Microsoft's conflicting sources).
 */
import { RESTRICT_REMOTE_SAM_DEFAULT, restrictRemoteSamSddl } from "../../simulator/directory/remote-sam.ts";
import type { Environment } from "../environment.ts";
import { type Executors, ok, requireInProcessDc } from "./results.ts";

interface RestrictRemoteSamParams {
  /** Whose setting: the DC's (default) or the Connect server's (the DC's when Connect runs on it). */
  machine?: "dc" | "connect";
  /** Principals allowed Remote Access; the policy's default is Administrators only. */
  allow?: string[];
  /** false: the GPO setting is cleared ("Not Defined"), which leaves the registry value in place. */
  defined?: boolean;
  /** Remove-ItemProperty … -Name RestrictRemoteSam: the value is gone. */
  removeRegistryValue?: boolean;
}

async function allowedSids(env: Environment, names: string[] | undefined): Promise<string[]> {
  if (!names) return [];
  const sids: string[] = [];
  for (const n of names) sids.push((await env.session.resolvePrincipal(n)).sid);
  return sids;
}

export const machineExecutors: Executors = {
  "ad.setRestrictRemoteSam": async (env, params) => {
    const p = (params ?? {}) as RestrictRemoteSamParams;
    const dir = requireInProcessDc(env, "ad.setRestrictRemoteSam");
    const onDc = (p.machine ?? "dc") === "dc" || env.connect.config.installedOnDc;
    const where = onDc
      ? `the domain controller${p.machine === "connect" ? " (Connect runs on it)" : ""}`
      : "the Connect server";
    const current = onDc ? dir.restrictRemoteSam : env.connect.config.restrictRemoteSam;
    let next = current;
    let what: string;
    if (p.removeRegistryValue) {
      next = undefined;
      what = "registry value RestrictRemoteSam removed";
    } else if (p.defined === false) {
      what = `policy set to Not Defined; the registry value stays${current ? ` (${current})` : ""}`;
    } else {
      const sids = await allowedSids(env, p.allow);
      next = sids.length ? restrictRemoteSamSddl(sids) : RESTRICT_REMOTE_SAM_DEFAULT;
      what = `"Network access: Restrict clients allowed to make remote calls to SAM" = ${next}`;
    }
    if (onDc) dir.restrictRemoteSam = next;
    else await env.connect.setServerOptions({ restrictRemoteSam: next });
    return ok(`${where}: ${what}`);
  },

  "connect.setServerOption": async (env, params) => {
    const p = params as Parameters<Environment["connect"]["setServerOptions"]>[0];
    await env.connect.setServerOptions(p);
    return ok(
      `Connect server: ${Object.entries(p)
        .map(([k, v]) => `${k} = ${v}`)
        .join(", ")}`,
    );
  },
};
