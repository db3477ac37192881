import { describe, expect, it } from "vitest";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { DEFAULT_EPOCH_MS, SimClock } from "../../simulator/clock/sim-clock.ts";

describe("SimClock", () => {
  it("only moves when advanced, and runs due tasks at their own due time, in order", () => {
    const clock = new SimClock();
    const seen: string[] = [];
    clock.schedule(30_000, (t) => seen.push(`b@${t - DEFAULT_EPOCH_MS}`));
    clock.schedule(10_000, (t) => seen.push(`a@${t - DEFAULT_EPOCH_MS}`));
    clock.schedule(10_000, (t) => seen.push(`a2@${t - DEFAULT_EPOCH_MS}`));
    expect(clock.now()).toBe(DEFAULT_EPOCH_MS);
    clock.advance(20_000);
    expect(seen).toEqual(["a@10000", "a2@10000"]);
    expect(clock.now()).toBe(DEFAULT_EPOCH_MS + 20_000);
    clock.advance(60_000);
    expect(seen).toEqual(["a@10000", "a2@10000", "b@30000"]);
  });

  it("repeats every() tasks across one long advance, and a cancelled repeat stops", () => {
    const clock = new SimClock();
    const runs: number[] = [];
    const handle = clock.every(60 * 60_000, (t) => runs.push((t - DEFAULT_EPOCH_MS) / 60_000));
    clock.advance(3 * 60 * 60_000 + 1);
    expect(runs).toEqual([60, 120, 180]);
    handle.cancel();
    clock.advance(5 * 60 * 60_000);
    expect(runs).toEqual([60, 120, 180]);
  });

  it("drops cancelled one-shot tasks", () => {
    const clock = new SimClock();
    let ran = false;
    clock
      .schedule(1000, () => {
        ran = true;
      })
      .cancel();
    clock.advance(5000);
    expect(ran).toBe(false);
  });

  it("refuses to go backwards", () => {
    const clock = new SimClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set(DEFAULT_EPOCH_MS - 1)).toThrow(RangeError);
  });

  it("gives Windows FILETIME ticks", () => {
    const clock = new SimClock(Date.UTC(1601, 0, 1));
    expect(clock.fileTime()).toBe(0n);
    clock.advance(1);
    expect(clock.fileTime()).toBe(10_000n);
  });
});

describe("SeededIds", () => {
  it("replays the same ids for the same seed, and differs for another seed", () => {
    const a = new SeededIds("contoso");
    const b = new SeededIds("contoso");
    const c = new SeededIds("fabrikam");
    const seqA = [a.guid(), a.hex(12), a.nextInt(1, 6)];
    expect([b.guid(), b.hex(12), b.nextInt(1, 6)]).toEqual(seqA);
    expect(c.guid()).not.toBe(seqA[0]);
  });

  it("makes well-formed version-4 GUIDs", () => {
    const ids = new SeededIds(7);
    for (let i = 0; i < 100; i++)
      expect(ids.guid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("forks independent streams", () => {
    const parent1 = new SeededIds("x");
    const parent2 = new SeededIds("x");
    const f1 = parent1.fork("rids");
    parent2.fork("rids");
    expect(f1.guid()).toBe(new SeededIds("x").fork("rids").guid());
    expect(parent1.guid()).toBe(parent2.guid());
  });
});
