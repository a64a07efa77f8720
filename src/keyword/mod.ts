/**
 * The keyword engine: BM25 over Vietnamese syllables and syllable pairs, accented and
 * diacritic-free, in immutable segments that can be searched together (a base and its delta).
 *
 * Commonly used: {@link buildLexical} / {@link updateLexical} to make a segment,
 * {@link serializeLexical} / {@link loadLexical} to store it, {@link searchLexicalSegments} to search,
 * {@link foldedTermRarity} for how rare a word is.
 */
export { buildLexicalInParallel } from "./build-parallel.ts";
export type { ParallelOptions } from "./build-parallel.ts";
export { LEXICAL_VERSION, buildLexical, createLexicalIndex, loadLexical, serializeLexical, updateLexical } from "./segment.ts";
export type { LexicalDocument, LexicalIndex } from "./segment.ts";
export { searchLexical, searchLexicalSegments } from "./search.ts";
export type { LexicalHit, LexicalSearchOptions, LexicalSegment } from "./search.ts";
export { parseQuery, weightedQueryTerms } from "./query.ts";
export type { Query } from "./query.ts";
export { COMMON_TERM_MIN_PASSAGES, COMMON_TERM_SHARE } from "./top-k.ts";
export { foldedTermRarity } from "./statistics.ts";
