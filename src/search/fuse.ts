import type { Candidate } from "./candidates.ts";

/** A passage id with its fused score and what each retriever said about it. */
export interface Fused {
  id: string;
  score: number;
  /** Dense relevance (cosine similarity), when the passage was a dense candidate. */
  dense?: number;
  /** Lexical relevance in [0, 1], when the passage was a lexical candidate. */
  lexical?: number;
  /** 1-based rank in the dense list, when it was there. */
  denseRank?: number;
  /** 1-based rank in the lexical list, when it was there. */
  lexicalRank?: number;
}

/** How dense and lexical rankings are combined. */
export interface FusionOptions {
  method: "rrf" | "weighted";
  /** RRF's damping constant: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight of the dense ranking (the lexical one gets 1 − this). */
  denseWeight: number;
}

/** Min-max normalisation of a candidate list's scores to [0, 1] (all equal → all 1). */
export function normalizeScores(candidates: readonly Candidate[]): number[] {
  const scores = candidates.map((c) => c.score);
  const max = Math.max(...scores);
  const min = Math.min(...scores);
  return scores.map((s) => (max > min ? (s - min) / (max - min) : 1));
}

/**
 * Combines a dense and a lexical ranking into one, best first (ties by id, so the order is stable).
 * `rrf`: Σ weight / (k + rank) — reciprocal-rank fusion, which only reads ranks and so needs no
 *   calibration between retrievers.
 * `weighted`: weight × normalised dense score + (1 − weight) × normalised lexical score, each
 *   retriever's scores min-max normalised over its own candidates for this question; a passage a
 *   retriever did not propose gets 0 from it.
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
  const contribution = (list: readonly Candidate[], weight: number): ((rank: number) => number) => {
    if (options.method === "rrf") return (rank) => weight / (options.rrfK + rank + 1);
    const normalized = normalizeScores(list);
    return (rank) => weight * normalized[rank]!;
  };
  const add = (list: readonly Candidate[], weight: number, record: (f: Fused, c: Candidate, rank: number) => void) => {
    const share = contribution(list, weight);
    list.forEach((c, rank) => {
      const f = entry(c.passage.id);
      record(f, c, rank + 1);
      f.score += share(rank);
    });
  };
  add(dense, wDense, (f, c, rank) => {
    f.dense = c.relevance;
    f.denseRank = rank;
  });
  add(lexical, wLexical, (f, c, rank) => {
    f.lexical = c.relevance;
    f.lexicalRank = rank;
  });
  return [...byId.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
