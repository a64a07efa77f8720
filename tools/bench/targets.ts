/**
 * The targets at 100k passages on 2 cores, checked against a report. A target is judged on
 * whatever corpus was measured; at another scale the verdict says little.
 */
import type { BenchReport } from "./types.ts";

/** One target: what it asks, what was measured, whether it holds. */
export interface TargetVerdict {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

/** The six targets of issue 5. */
export function evaluateTargets(r: BenchReport): TargetVerdict[] {
  const rss = r.index.load.model?.rssMb ?? r.index.load.rssAfterGcMb;
  const reindexBudget = 1000 + r.incremental.documentEmbeddingMs;
  // The bench builds with the fast index model, so its own (tiny) embedding time is inside `ms`;
  // the cost model's time for the document is what the target allows on top of 1 s.
  return [
    { name: "HNSW recall@10 vs exact", target: "≥ 0.99", value: r.hnsw.recallAt10.toFixed(4), met: r.hnsw.recallAt10 >= 0.99 },
    { name: "hybrid search p95, excluding query embedding", target: "≤ 20 ms", value: ms(r.hybrid.excludingEmbedding.p95), met: r.hybrid.excludingEmbedding.p95 <= 20 },
    { name: "index load", target: "≤ 2 s", value: ms(r.index.load.loadMs), met: r.index.load.loadMs <= 2000 },
    {
      name: r.index.load.model ? "resident memory after load (index + model)" : "resident memory after load (index)",
      target: "≤ 1024 MB",
      value: `${rss.toFixed(0)} MB`,
      met: rss <= 1024,
    },
    {
      name: "reindex after one changed document (index in memory)",
      target: `≤ 1 s + its embedding (${ms(r.incremental.documentEmbeddingMs)})`,
      value: ms(r.incremental.ms + r.incremental.documentEmbeddingMs),
      met: r.incremental.ms + r.incremental.documentEmbeddingMs <= reindexBudget,
    },
    {
      name: "question p95 during a reindex vs idle",
      target: "≤ 3×",
      value: `${r.responsiveness.ratio.toFixed(2)}× (${ms(r.responsiveness.duringReindex.p95)} vs ${ms(r.responsiveness.idle.p95)})`,
      met: r.responsiveness.ratio <= 3,
    },
  ];
}
