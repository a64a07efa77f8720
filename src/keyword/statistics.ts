import { findTerm } from "./postings.ts";
import { FIELDS } from "./segment.ts";
import type { LexicalIndex } from "./segment.ts";

/**
 * What IDF is computed from: the number of passages and a term's document frequency over every
 * segment searched together, so that a passage scores the same whichever segment holds it.
 */
export interface LexicalStats {
  n: number;
  df(field: number, term: string): number;
}


/** The statistics of segments searched together: passage counts and document frequencies added up. */
export function combinedStats(segments: readonly LexicalIndex[]): LexicalStats {
  return {
    n: segments.reduce((sum, s) => sum + s.postings.ids.length, 0),
    df(field, term) {
      let df = 0;
      for (const { postings } of segments) {
        const { start, end } = findTerm(postings, field, term);
        df += end - start;
      }
      return df;
    },
  };
}


/** BM25's inverse document frequency, from a document frequency. */
export const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/**
 * How rare a diacritic-free syllable is among the indexed passages (BM25's IDF in the folded
 * field); a syllable no passage has gets the highest value. Several segments count as one index.
 */
export function foldedTermRarity(index: LexicalIndex | readonly LexicalIndex[], term: string): number {
  const stats = combinedStats(Array.isArray(index) ? index : [index as LexicalIndex]);
  return idf(stats.df(FIELDS.indexOf("folded"), term), Math.max(1, stats.n));
}
