import { performance } from "node:perf_hooks";
import { parseQuery } from "../keyword/mod.ts";
import type { Candidate } from "./candidates.ts";
import { denseCandidates, lexicalCandidates } from "./candidates.ts";
import { dropNearDuplicates } from "./dedupe.ts";
import { fuseRankings } from "./fuse.ts";
import { judgeRelevance } from "./relevance.ts";
import type { Hit, SearchContext, SearchResult } from "./types.ts";

/** How many ranked hits a search keeps: enough for a few pages of "more results". */
const KEEP_HITS = 20;

/** Options of one search. */
export interface SearchOptions {
  /** How many ranked hits to keep (default: 20, or `topK` when larger). The evaluation reads deeper. */
  keep?: number;
}

/**
 * Finds the passages that answer `question`: dense (vector) and lexical (BM25) candidates, fused,
 * near-duplicates removed, and a decision whether the reports answer it at all.
 */
export async function searchPassages(context: SearchContext, question: string, options: SearchOptions = {}): Promise<SearchResult> {
  const { index, config } = context;
  const mode = config.mode;
  const t0 = performance.now();
  const queryVector = mode === "lexical" ? undefined : await context.embedder.embedQuery(question);
  const t1 = performance.now();

  const dense: Candidate[] = queryVector === undefined ? [] : denseCandidates(index, queryVector, config.candidates, config.efSearch);
  const lexical: Candidate[] =
    mode === "dense"
      ? []
      : lexicalCandidates(index, parseQuery(question, context.glossary), config.candidates, {
          proximityWeight: config.proximityWeight,
          commonShare: config.lexicalCommonShare,
        });
  const fused = fuseRankings(dense, lexical, {
    method: config.fusion,
    rrfK: config.rrfK,
    denseWeight: mode === "dense" ? 1 : mode === "lexical" ? 0 : config.denseWeight,
  });

  // The candidates' passage objects, so that a passage read once (and its text) is not made again.
  const passages = new Map([...dense, ...lexical].map((c) => [c.passage.id, c.passage]));
  const ranked: Hit[] = [];
  for (const f of fused) {
    const passage = passages.get(f.id) ?? index.passageById(f.id);
    const document = passage && index.documents.get(passage.docId);
    if (passage === undefined || document === undefined) continue;
    ranked.push({ passage, document, score: f.score, dense: f.dense, lexical: f.lexical, denseRank: f.denseRank, lexicalRank: f.lexicalRank });
  }
  const hits = dropNearDuplicates(ranked).slice(0, options.keep ?? Math.max(KEEP_HITS, config.topK));
  const verdict = judgeRelevance(hits.slice(0, config.topK), config);
  return { question, hits, found: verdict !== "none", verdict, mode, queryVector, timings: { embedMs: t1 - t0, searchMs: performance.now() - t1 } };
}
