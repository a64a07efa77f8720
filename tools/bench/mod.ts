/**
 * The benchmark behind `npm run bench`: cleaning, embedding, HNSW against exact search, lexical and
 * hybrid search, index size, load time, memory, incremental reindex and responsiveness during a
 * reindex, on a JSONL corpus or the seeds — see {@link runBench} and docs/benchmark.md.
 */
export { runBench } from "./run.ts";
export { renderReport, reportRows } from "./report.ts";
export type { BenchReport } from "./types.ts";
