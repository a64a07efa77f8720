/**
 * Keyword search (BM25) over one or several segments of the keyword index.
 */
import type { Glossary } from "../text/mod.ts";
import { lexicalCoverage } from "./coverage.ts";
import { parseQuery } from "./query.ts";
import type { Query } from "./query.ts";
import type { LexicalIndex } from "./segment.ts";
import { combinedStats } from "./statistics.ts";
import type { LexicalStats } from "./statistics.ts";
import { COMMON_TERM_SHARE, continueTop, openCursors } from "./top-k.ts";

/** A lexical match. */
export interface LexicalHit {
  id: string;
  /** BM25 score: comparable between passages for one question, not between questions. */
  score: number;
  /**
   * Calibrated relevance in [0, 1]: the share of the question's syllables and syllable pairs found
   * in the passage, each weighted by its rarity (IDF) in the index. Comparable across questions, so
   * a fixed threshold can decide "not in the reports" (`MIN_LEXICAL_SCORE`, default 0.2).
   */
  relevance: number;
}

/** Options of {@link searchLexical}. */
export interface LexicalSearchOptions {
  /** The abbreviations and their expansions to search as well, when the query is given as text. */
  glossary?: Glossary;
  /** See {@link COMMON_TERM_SHARE} (default); 1 makes the search exact. */
  commonShare?: number;
}

/**
 * One segment of a search over several: its index, and the ids of its passages that have left
 * the index since it was written (still counted in the statistics, never returned).
 */
export interface LexicalSegment {
  index: LexicalIndex;
  removed?: ReadonlySet<string>;
}

/**
 * {@link searchLexical} over several segments as if they were one index: each is searched with the
 * statistics of all (the segments must share average field lengths, see {@link buildLexical}),
 * for its best `limit` hits that were not removed; the hits are merged by score (equal scores:
 * earlier segment first, then index order).
 */
export function searchLexicalSegments(segments: readonly LexicalSegment[], query: Query | string, limit: number, options: LexicalSearchOptions = {}): LexicalHit[] {
  if (limit <= 0) return [];
  const stats = combinedStats(segments.map((s) => s.index));
  if (stats.n === 0) return [];
  const parsed = typeof query === "string" ? parseQuery(query, options.glossary) : query;
  const commonShare = options.commonShare ?? COMMON_TERM_SHARE;
  const hits = segments.flatMap(({ index, removed }) => searchWithout(index, removed, parsed, limit, stats, commonShare));
  // A stable sort keeps segment order, then index order, among equal scores.
  return segments.length === 1 ? hits.slice(0, limit) : hits.sort((a, b) => b.score - a.score).slice(0, limit);
}

/**
 * The `limit` passages that best match `query` by BM25, best first (equal scores: in index
 * order). With a glossary, an abbreviation in the question also searches for its expansion and
 * the other way round ("ANTT" ↔ "an ninh trật tự"), at lower weight. A question with no
 * searchable word (only punctuation, or only question words) matches nothing.
 *
 * Not exhaustive: syllables and pairs whose posting lists cover much of the index are read in
 * full only while they could still bring a new passage into the top (see {@link continueTop}),
 * and in a large index the most common ones are not reckoned with at all for that
 * ({@link COMMON_TERM_SHARE}). Every passage returned has its exact BM25 score; with
 * `commonShare: 1` the results are identical to scoring every posting.
 */
export function searchLexical(index: LexicalIndex, query: Query | string, limit: number, options: LexicalSearchOptions = {}): LexicalHit[] {
  return searchLexicalSegments([{ index }], query, limit, options);
}

/**
 * One segment's best `limit` passages that are not in `removed`. Asking for `limit` plus as many
 * as were removed is always enough, but a deep search prunes less; so the segment is first asked
 * for `limit` more only, and again deeper when removed passages took too many of those places.
 */
function searchWithout(index: LexicalIndex, removed: ReadonlySet<string> | undefined, query: Query, limit: number, stats: LexicalStats, commonShare: number): LexicalHit[] {
  if (removed === undefined || removed.size === 0) return searchSegment(index, query, limit, stats, commonShare);
  const enough = limit + removed.size;
  for (let ask = limit + Math.min(removed.size, limit); ; ask = Math.min(enough, 2 * ask)) {
    const found = searchSegment(index, query, ask, stats, commonShare);
    const kept = found.filter((h) => !removed.has(h.id));
    // Fewer hits than asked: the segment has no more matches.
    if (kept.length >= limit || found.length < ask || ask === enough) return kept.slice(0, limit);
  }
}

/** One segment's best `limit` passages for the query's weighted terms, scored with `stats`. */
function searchSegment(index: LexicalIndex, query: Query, limit: number, stats: LexicalStats, commonShare: number): LexicalHit[] {
  const { postings } = index;
  if (limit <= 0 || postings.ids.length === 0) return [];
  const cursors = openCursors(index, query.weighted, stats, commonShare);
  if (cursors.length === 0) return [];
  const top = continueTop(index, cursors, limit);
  const relevance = lexicalCoverage(query.terms, postings, stats, top.docs);
  return top.docs.map((d, i) => ({ id: postings.ids[d]!, score: top.scores[i]!, relevance: relevance[i]! }));
}
