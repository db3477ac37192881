/**
 * The write pipeline's cost per write (issue 8), beside a bare store write measured in the same run,
 * in-process on the contoso world (windows personality), one attribute (description) of one user:
 *  - bare store write: Store.put of an entry with the new value (no USN, no stamp, no log);
 *  - pipeline tail: Dc.commitWrite of the same change (USN, whenChanged, replication stamps, audit,
 *    store, one change-log entry);
 *  - a whole modify: Directory.modify as the LDAP adapter calls it (access check, schema checks,
 *    the pipeline), as Administrator.
 */
import { performance } from "node:perf_hooks";
import { EntryDraft } from "../simulator/directory/entry.ts";
import { systemContext } from "../simulator/directory/index.ts";
import { createDirectory } from "../simulator/worlds/index.ts";
import { type Figure, printFigures } from "./lib.ts";

const N = 20_000;
const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";

function perWriteUs(fn: (i: number) => void, n = N): number {
  for (let i = 0; i < 1000; i++) fn(i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t0) * 1000) / n;
}

export async function run(): Promise<void> {
  const dir = createDirectory({ world: "contoso", personality: "windows" });
  const dc = dir.dc;
  const values = Array.from({ length: 64 }, (_, i) => [Buffer.from(`value ${i}`)]);
  const draftWith = (i: number) => {
    const d = new EntryDraft(dc.store.get(dc.ndnOf(ALICE))!);
    d.set("description", values[i % values.length]);
    return d;
  };
  const bare = perWriteUs((i) => dc.store.put(draftWith(i).freeze()));
  const tail = perWriteUs((i) => {
    const before = dc.store.get(dc.ndnOf(ALICE))!;
    dc.commitWrite({
      kind: "modify",
      actorSid: "S-1-5-18",
      objects: [{ before, after: draftWith(i).freeze(), change: "modified" }],
    });
  });
  const admin = {
    ...systemContext(),
    identity: await dir.bindSimple(
      "Administrator@contoso.com",
      Buffer.from("Adm1n!Passw0rd"),
      systemContext(),
    ),
  };
  let k = 0;
  const modifies: Promise<void>[] = [];
  const whole = perWriteUs(() => {
    modifies.push(
      dir.modify(
        ALICE,
        [{ operation: "replace", modification: { type: "description", values: values[k++ % 64] } }],
        admin,
      ),
    );
  }, N / 4);
  await Promise.all(modifies);
  const figures: Figure[] = [
    { name: "bare store write (Store.put)", value: bare, unit: "us/write" },
    {
      name: "pipeline tail (Dc.commitWrite: stamps, audit, store, change log)",
      value: tail,
      unit: "us/write",
      ratio: { against: "bare store write (slower by)", value: tail / bare },
    },
    {
      name: "whole modify in-process (access, schema, pipeline)",
      value: whole,
      unit: "us/write",
      ratio: { against: "bare store write (slower by)", value: whole / bare },
    },
  ];
  printFigures("Write pipeline, per write, against a bare store write (same run, in-process)", figures);
}
