/**
 * Environments are expensive to build (the cloud's token signing key alone costs hundreds of ms) and
 * cheap to rewind (a snapshot restore is about a millisecond). The pool builds one environment per
 * world and personality on the fake DC, snapshots it fresh, and lends it out restored to that
 * snapshot, so every scenario or test starts from the same state as a brand-new environment would.
 * Real DCs (samba-container, external) can't be rewound: each acquire builds a new environment.
 */
import {
  createEnvironment,
  type Environment,
  type EnvironmentOptions,
  type EnvironmentSnapshot,
} from "./environment.ts";

interface Pooled {
  env: Environment;
  fresh: EnvironmentSnapshot;
}

export class EnvironmentPool {
  private readonly pooled = new Map<string, Promise<Pooled>>();

  async acquire(opts: EnvironmentOptions = {}): Promise<Environment> {
    const target = opts.target ?? "fake";
    if (target !== "fake") return createEnvironment(opts);
    const key = `${opts.world ?? "contoso"}|${opts.personality ?? "windows"}|${opts.seed ?? ""}`;
    let entry = this.pooled.get(key);
    if (!entry) {
      entry = (async () => {
        const env = await createEnvironment(opts);
        return { env, fresh: await env.snapshot() };
      })();
      this.pooled.set(key, entry);
      entry.catch(() => this.pooled.delete(key));
    }
    const { env, fresh } = await entry;
    await env.restore(fresh);
    return env.lend(async () => {});
  }

  async close(): Promise<void> {
    const all = [...this.pooled.values()];
    this.pooled.clear();
    for (const p of all) await (await p.catch(() => undefined))?.env.shutdown();
  }
}
