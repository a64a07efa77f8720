import type { Candidate } from "./candidates.ts";

/** A passage id with its fused score and the per-retriever scores it came from. */
export interface Fused {
  id: string;
  score: number;
  dense?: number;
  lexical?: number;
}

/** How dense and lexical rankings are combined. */
export interface FusionOptions {
  method: "rrf" | "weighted";
  /** RRF's damping constant: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight of the dense ranking (the lexical one gets 1 − this). */
  denseWeight: number;
}

/**
 * Combines a dense and a lexical ranking into one, best first.
 * `rrf`: Σ weight / (k + rank), robust to the retrievers' incomparable scales.
 * `weighted`: weight × dense similarity + (1 − weight) × lexical relevance, both already in [0, 1].
 */
export function fuseRankings(dense: readonly Candidate[], lexical: readonly Candidate[], options: FusionOptions): Fused[] {
  const byId = new Map<string, Fused>();
  const entry = (id: string) => {
    let f = byId.get(id);
    if (f === undefined) byId.set(id, (f = { id, score: 0 }));
    return f;
  };
  const wDense = options.denseWeight;
  const wLexical = 1 - options.denseWeight;
  dense.forEach((c, rank) => {
    const f = entry(c.passage.id);
    f.dense = c.score;
    if (options.method === "rrf") f.score += wDense / (options.rrfK + rank + 1);
  });
  lexical.forEach((c, rank) => {
    const f = entry(c.passage.id);
    f.lexical = c.score;
    if (options.method === "rrf") f.score += wLexical / (options.rrfK + rank + 1);
  });
  if (options.method === "weighted") {
    for (const f of byId.values()) f.score = wDense * Math.max(0, f.dense ?? 0) + wLexical * (f.lexical ?? 0);
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
