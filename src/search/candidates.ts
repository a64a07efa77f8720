import { searchLexical, searchVectors } from "../index/mod.ts";
import type { IndexedPassage, LoadedIndex } from "../index/mod.ts";
import type { Glossary } from "../text/mod.ts";

/** A passage proposed by one retriever, with that retriever's score. */
export interface Candidate {
  passage: IndexedPassage;
  score: number;
}

/** The `n` passages whose vectors are nearest the question's; score = cosine similarity. */
export function denseCandidates(index: LoadedIndex, queryVector: Float32Array, n: number, efSearch: number): Candidate[] {
  return searchVectors(index.vectors, queryVector, n, index.manifest.counts.passages, efSearch).flatMap(({ label, similarity }) => {
    const passage = index.byLabel[label];
    return passage === undefined ? [] : [{ passage, score: similarity }];
  });
}

/** The `n` best lexical (BM25) matches; score = lexical relevance in [0, 1]. */
export function lexicalCandidates(index: LoadedIndex, question: string, n: number, glossary?: Glossary): Candidate[] {
  return searchLexical(index.lexical, question, n, glossary).flatMap(({ id, relevance }) => {
    const passage = index.byId.get(id);
    return passage === undefined ? [] : [{ passage, score: relevance }];
  });
}
