/**
 * The benchmark behind `npm run bench`: cleaning, embedding, HNSW against exact search, lexical and
 * hybrid search, index size, load time, memory, incremental reindex and responsiveness during a
 * reindex, on a JSONL corpus or the seeds — see {@link runBench} and README.bench.md.
 */
export { runBench } from "./run.ts";
export { renderReport, reportRows } from "./report.ts";
export { evaluateTargets } from "./targets.ts";
export type { TargetVerdict } from "./targets.ts";
export { DEFAULT_SWEEP } from "./hnsw.ts";
export type { HnswFigures, SweepGrid } from "./hnsw.ts";
export { percentile, summarize } from "./stats.ts";
export type { Latency } from "./stats.ts";
export type { BenchOptions, BenchReport, ModelUsed } from "./types.ts";
