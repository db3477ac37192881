/**
 * A tiny benchmark harness: every figure is measured in the same run as its baseline, and printed
 * beside its goal. Benchmarks never fail a build; they report where we stand.
 */
import { performance } from "node:perf_hooks";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Goal as text, e.g. ">= 500000 ops/s" or "<= 20 us". */
  goal?: string;
  /** Whether the goal is met (undefined when there is no goal). */
  met?: boolean;
  /** Ratio against a baseline measured in the same run, with the baseline's name. */
  ratio?: { against: string; value: number };
}

/** Runs fn repeatedly for about `ms` after a warm-up and returns operations per second. */
export function opsPerSecond(fn: () => void, ms = 1000, warmupMs = 200): number {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

/** Async variant: runs `fn` sequentially for about `ms`. */
export async function opsPerSecondAsync(fn: () => Promise<void>, ms = 1000, warmupMs = 200): Promise<number> {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) await fn();
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    ops++;
  }
  return (ops * 1000) / (performance.now() - start);
}

/** Times each call and returns the percentiles in milliseconds. */
export async function latencies(
  fn: () => Promise<void> | void,
  count: number,
): Promise<{ p50: number; p95: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p95: at(0.95), max: samples[samples.length - 1] };
}

export function printFigures(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    f.ratio ? `${f.ratio.value.toFixed(2)}x ${f.ratio.against}` : "",
    f.goal ?? "",
    f.met === undefined ? "" : f.met ? "met" : "NOT met",
  ]);
  const header = ["figure", "value", "ratio", "goal", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(`\n== ${title}`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
}

function formatNumber(v: number): string {
  if (v >= 1000) return Math.round(v).toLocaleString("en-US");
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(3);
}
