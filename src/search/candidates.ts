import { indexTermRarity, searchIndexLexical, searchIndexVectors } from "../index/mod.ts";
import type { IndexedPassage, LoadedIndex } from "../index/mod.ts";
import { foldedWords, queryTerms } from "../text/mod.ts";
import type { Glossary } from "../text/mod.ts";
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
export function denseCandidates(index: LoadedIndex, queryVector: Float32Array, n: number, efSearch: number): Candidate[] {
  return searchIndexVectors(index, queryVector, n, efSearch).flatMap(({ label, similarity }) => {
    const passage = index.passageAt(label);
    return passage === undefined ? [] : [{ passage, score: similarity, relevance: similarity }];
  });
}

/** Options of {@link lexicalCandidates}. */
export interface LexicalCandidateOptions {
  glossary?: Glossary;
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
export function lexicalCandidates(index: LoadedIndex, question: string, n: number, options: LexicalCandidateOptions = {}): Candidate[] {
  const { glossary, proximityWeight = 0, commonShare } = options;
  const candidates = searchIndexLexical(index, question, n, { glossary, commonShare }).flatMap(({ id, score, relevance }) => {
    const passage = index.passageById(id);
    return passage === undefined ? [] : [{ passage, score, relevance }];
  });
  const best = candidates[0]?.score ?? 0;
  if (proximityWeight <= 0 || best <= 0) return candidates;
  // the question's searched words (question words left out), split the way passages are
  const terms = [...new Set(queryTerms(question).folded.flatMap(foldedWords))];
  // Looked up once per question, not once per passage (each look-up searches the term table).
  const rarities = new Map(terms.map((term) => [term, indexTermRarity(index, term)]));
  const rarity = (term: string) => rarities.get(term) ?? 0;
  return candidates
    .map((c) => ({ ...c, score: c.score / best + proximityWeight * proximityScore(terms, c.passage.text, rarity) }))
    .sort((a, b) => b.score - a.score);
}
