/**
 * Latency summaries and timing helpers. Percentiles are nearest-rank (the smallest value with at
 * least p% of the samples at or below it), so a p99 over 500 samples is a measured value, not an
 * interpolation between two.
 */
import { performance } from "node:perf_hooks";
import { mulberry32 } from "../random.ts";

/** p50/p95/p99 of a set of latencies, in milliseconds, and how many samples they come from. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  samples: number;
}

/** Nearest-rank percentile of `values` (`p` in 0–100); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The {@link Latency} of a set of samples in milliseconds. */
export function latencySummary(samplesMs: readonly number[]): Latency {
  const mean = samplesMs.length === 0 ? Number.NaN : samplesMs.reduce((a, b) => a + b, 0) / samplesMs.length;
  return { p50: percentile(samplesMs, 50), p95: percentile(samplesMs, 95), p99: percentile(samplesMs, 99), mean, samples: samplesMs.length };
}

/** Runs `task` and returns its result with the wall time and the process CPU time it took (ms). */
export async function timed<T>(task: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await task();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** Latencies of `task` run once per item, one after another. */
export async function latencies<T>(items: readonly T[], task: (item: T) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await task(item);
    out.push(performance.now() - start);
  }
  return out;
}

/** A seeded shuffle (mulberry32), so samples and query sets are the same on every run. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const next = mulberry32(seed);
  const random = () => next() / 4294967296;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Resident set size of this process, in MB. */
export const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

/**
 * Latencies of tasks started on a fixed schedule (one every `gapMs`) until `done()` — as questions
 * arrive from users, who do not wait for each other. Each latency runs from the scheduled arrival,
 * so when the event loop is blocked, every question that arrived meanwhile counts its wait; a
 * closed loop (ask, wait for the answer, ask again) would ask fewer questions exactly then and hide it.
 */
export async function openLoopLatencies(gapMs: number, done: () => boolean, task: (i: number) => Promise<unknown>, maxTasks = Number.POSITIVE_INFINITY): Promise<number[]> {
  const start = performance.now();
  const running: Promise<number>[] = [];
  for (let i = 0; i < maxTasks && !done(); i++) {
    const arrival = start + i * gapMs;
    const wait = arrival - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(task(i).then(() => performance.now() - arrival));
  }
  return Promise.all(running);
}
