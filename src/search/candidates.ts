import { searchLexical, searchVectors } from "../index/mod.ts";
import type { IndexedPassage, LoadedIndex } from "../index/mod.ts";
import type { Glossary } from "../text/mod.ts";

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
  return searchVectors(index.vectors, queryVector, n, index.manifest.counts.passages, efSearch).flatMap(({ label, similarity }) => {
    const passage = index.passageAt(label);
    return passage === undefined ? [] : [{ passage, score: similarity, relevance: similarity }];
  });
}

/** The `n` best lexical matches; score = BM25, relevance = the share of the question matched (in [0, 1]). */
export function lexicalCandidates(index: LoadedIndex, question: string, n: number, glossary?: Glossary): Candidate[] {
  return searchLexical(index.lexical, question, n, glossary).flatMap(({ id, score, relevance }) => {
    const passage = index.passageById(id);
    return passage === undefined ? [] : [{ passage, score, relevance }];
  });
}
