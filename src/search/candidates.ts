import type { IndexedPassage, SearchableIndex } from "../index/mod.ts";
import type { Query } from "../keyword/mod.ts";
import { proximityScore } from "./proximity.ts";

/**
 * A passage proposed by one retriever. `score` is what that retriever ranks by (its scale is its
 * own and may differ from question to question); `relevance` is the retriever's calibrated
 * measure, comparable across questions, that the "not found" decision reads.
 */
export interface Candidate {
  passage: IndexedPassage;
  score: number;
  relevance: number;
}

/** The `n` passages whose vectors are nearest the question's; score = relevance = cosine similarity. */
export function denseCandidates(index: SearchableIndex, queryVector: Float32Array, n: number, efSearch: number): Candidate[] {
  return index.searchVectors(queryVector, n, efSearch).flatMap(({ label, similarity }) => {
    const passage = index.passageAt(label);
    return passage === undefined ? [] : [{ passage, score: similarity, relevance: similarity }];
  });
}

/** Options of {@link lexicalCandidates}. */
export interface LexicalCandidateOptions {
  /** Weight of term proximity (0, the default: plain BM25). */
  proximityWeight?: number;
  /** See `COMMON_TERM_SHARE` in keyword/top-k.ts. */
  commonShare?: number;
}

/**
 * The `n` best lexical matches; relevance = the share of the question matched (in [0, 1]).
 * score = BM25 relative to the best match, plus `proximityWeight` × how close together the
 * question's words sit in the passage ({@link proximityScore}), which reorders the BM25 list.
 */
export function lexicalCandidates(index: SearchableIndex, query: Query, n: number, options: LexicalCandidateOptions = {}): Candidate[] {
  const { proximityWeight = 0, commonShare } = options;
  const candidates = index.searchKeywords(query, n, { commonShare }).flatMap(({ id, score, relevance }) => {
    const passage = index.passageById(id);
    return passage === undefined ? [] : [{ passage, score, relevance }];
  });
  const best = candidates[0]?.score ?? 0;
  if (proximityWeight <= 0 || best <= 0) return candidates;
  const terms = query.foldedWords;
  // Looked up once per question, not once per passage (each look-up searches the term table).
  const rarities = new Map(terms.map((term) => [term, index.termRarity(term)]));
  const rarity = (term: string) => rarities.get(term) ?? 0;
  return candidates
    .map((c) => ({ ...c, score: c.score / best + proximityWeight * proximityScore(terms, c.passage.text, rarity) }))
    .sort((a, b) => b.score - a.score);
}
