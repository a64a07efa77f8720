/**
 * The lexical (BM25) side of the index over Vietnamese syllables, with accented and diacritic-free
 * forms in separate fields so that text typed either way finds a passage, while an exact accented
 * match still ranks above a match that only agrees once diacritics are dropped.
 *
 * The postings live in a compact inverted index of our own (`postings.ts`). MiniSearch, used
 * first, scored the same but keeps every posting in JavaScript maps: 2,000 news passages took
 * 33 s and 480 MB of heap, and 6,000 ran out of memory on load, so an archive of thousands of
 * reports could not be indexed at all.
 */
import { averageLengths, buildPostings, decodePostings, emptyPostings, encodePostings, findTerm, keyField, mergePostings, termNumber } from "./postings.ts";
import type { Postings } from "./postings.ts";
import { documentTerms, glossaryAdditions, queryTerms } from "../text/mod.ts";
import type { Glossary, QueryTerms, TermsByKind } from "../text/mod.ts";

/**
 * Version of the lexical text processing and index layout. Bump it whenever tokenisation, term
 * forms or fields change: an index built under another version is rebuilt rather than reused.
 */
export const LEXICAL_VERSION = "vi-syllables-3";

/**
 * A passage as the lexical index sees it. The report's title is deliberately not indexed: shared
 * by every passage of a report, it made no measurable difference on the seed questions at any
 * weight (0.2, 0.5), and at 0.5 it pulled whole reports up at the expense of the right passage.
 */
export interface LexicalDocument {
  id: string;
  text: string;
}

/** A lexical match. */
export interface LexicalHit {
  id: string;
  /** BM25 score: comparable between passages for one question, not between questions. */
  score: number;
  /**
   * Calibrated relevance in [0, 1]: the share of the question's syllables and syllable pairs found
   * in the passage, each weighted by its rarity (IDF) in the index. Comparable across questions, so
   * a fixed threshold can decide "not in the reports" (0.3 measured as a balanced choice).
   */
  relevance: number;
}

/** A searchable lexical index: one immutable segment of postings and its field statistics. */
export interface LexicalIndex {
  readonly postings: Postings;
  /** Average length of each field, for BM25's length normalisation. */
  readonly averageLengths: readonly number[];
  /**
   * Per term (parallel to `postings.keys`): the highest BM25 impact tf·(k1+1)/(tf + k1·norm) among
   * its postings, rounded up. Times the term's weight it bounds what the term can add to any
   * passage's score, which lets a search skip passages that cannot reach the top.
   */
  readonly maxImpacts: Float32Array;
}

type Field = keyof TermsByKind;
const FIELDS: readonly Field[] = ["exact", "exactBigrams", "folded", "foldedBigrams"];

/**
 * Field weights, measured on XQuAD-vi with `src/cli/lexical-xquad.ts`: bigrams at half weight
 * (hit@1 0.930 against 0.924 at full weight and 0.929 at 0.3: at full weight they drown single
 * rare words such as names); accented and folded fields equal, since an accented match also
 * matches its folded form and so already scores higher (folded at 0.5 measured 0.927).
 */
const FIELD_BOOST: Record<Field, number> = {
  exact: 1,
  exactBigrams: 0.5,
  folded: 1,
  foldedBigrams: 0.5,
};

/**
 * What the forms a glossary entry adds to a question weigh together, relative to one word the
 * asker typed: "ANTT" adds "an ninh trật tự", whose four syllables and three bigrams must not
 * outweigh the abbreviation that was actually typed, nor the rest of the question.
 */
const GLOSSARY_WEIGHT = 0.5;

/**
 * Plain BM25 (d = 0: MiniSearch's BM25+ floor measured slightly worse), with the usual k1 and b,
 * which measured as well as any tuned value (XQuAD differences within ±0.003).
 */
const BM25 = { k: 1.2, b: 0.75, d: 0 };

const fieldNumber = (field: Field) => FIELDS.indexOf(field);

/**
 * When a term counts as common for pruning: found in more than this share of the passages, and
 * in at least {@link COMMON_TERM_MIN_PASSAGES} of them. Such terms ("của", "và", "các", "được",
 * their pairs, in both fields) still score every passage that is ranked, but cannot on their own
 * keep a passage in the running for the top: the search decides what can still reach the top as if
 * they added nothing (the idea of Elasticsearch's former common-terms cutoff). A long question
 * has dozens of them, and their bounds add up to more than any passage scores, so an exact search
 * reads their posting lists — most of the index — for every question.
 *
 * Measured at 100k news passages on 1,000 questions (lead sentences of held-out articles), paired
 * against the exact search on a quiet machine: p50 4.0 → 2.4 ms, p95 8.4 → 4.0 ms at 0.1 (0.15:
 * p95 5.4; 0.3: p95 ≈ 6), with the same first result for every question and 98% of the top 10
 * (0.15: 99.3%; 0.3: 99.99%). On XQuAD-vi with 24,000 news articles as distractors (97k passages)
 * the keyword ranking measured the same at 1, 0.3 and 0.1 (doc@1 0.889, MRR@10 0.913; doc@5
 * 0.943 → 0.944 at 0.1). Set `LEXICAL_COMMON_SHARE=1` (or pass `commonShare: 1`) for exact BM25.
 */
export const COMMON_TERM_SHARE = 0.1;

/**
 * Below this many passages a posting list is read in full anyway: it costs little, and in a small
 * collection (the seed reports, a test corpus) every term is then scored exactly.
 */
export const COMMON_TERM_MIN_PASSAGES = 10_000;

/** Options of {@link searchLexical}. */
export interface LexicalSearchOptions {
  /** The abbreviations and their expansions to search as well. */
  glossary?: Glossary;
  /** See {@link COMMON_TERM_SHARE} (default); 1 makes the search exact. */
  commonShare?: number;
}

/**
 * `averages`: the field lengths BM25 normalises by; a segment searched beside a larger one (a
 * delta beside its base) takes the larger one's, so that both score on one scale.
 */
function lexicalIndexOf(postings: Postings, maxImpacts?: Float32Array, averages: readonly number[] = averageLengths(postings)): LexicalIndex {
  return { postings, averageLengths: averages, maxImpacts: maxImpacts ?? computeMaxImpacts(postings, averages) };
}

/** BM25's term-frequency part for one posting, without the term's weight. */
const impact = (tf: number, length: number, avg: number) => (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avg));

/**
 * Every term's highest impact, in one pass over the postings (they depend on the average lengths,
 * so they are recomputed whenever the segment changes). Stored as float32 rounded up, so they stay
 * upper bounds.
 */
function computeMaxImpacts(postings: Postings, averages: readonly number[]): Float32Array {
  const { keys, offsets, docs, tfs } = postings;
  const out = new Float32Array(keys.length);
  for (let t = 0; t < keys.length; t++) {
    const f = keyField(keys[t]!);
    const lengths = postings.lengths[f]!;
    const avg = averages[f]! || 1;
    let max = 0;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      const v = impact(tfs[p]!, lengths[docs[p]!]!, avg);
      if (v > max) max = v;
    }
    // float32 rounds to nearest; lifting by 2^-22 first makes the stored value >= max.
    out[t] = Math.fround(max * (1 + 2 ** -22));
  }
  return out;
}

function* termDocuments(docs: readonly LexicalDocument[]) {
  for (const doc of docs) {
    const terms = documentTerms(doc.text);
    yield { id: doc.id, fields: FIELDS.map((field) => terms[field]) };
  }
}

/** A new, empty lexical index. */
export function createLexicalIndex(): LexicalIndex {
  return lexicalIndexOf(emptyPostings(FIELDS.length));
}

/**
 * A lexical index of the given passages. With `averages` (a delta segment, see `delta.ts`), its
 * passages are scored by another segment's average field lengths instead of their own.
 */
export function buildLexical(docs: readonly LexicalDocument[], averages?: readonly number[]): LexicalIndex {
  return lexicalIndexOf(buildPostings(FIELDS.length, termDocuments(docs)), undefined, averages);
}

/**
 * A new index: `previous` without the passages in `remove` and with `add` (a passage whose id is
 * in both is replaced). `previous` is left as it was, so it can keep serving meanwhile.
 */
export function updateLexical(previous: LexicalIndex, remove: readonly string[], add: readonly LexicalDocument[], averages?: readonly number[]): LexicalIndex {
  const drop = new Set([...remove, ...add.map((d) => d.id)]);
  const added = buildPostings(FIELDS.length, termDocuments(add));
  return lexicalIndexOf(mergePostings(previous.postings, added, (id) => !drop.has(id)), undefined, averages);
}

/** The index as bytes, for {@link loadLexical}. */
export function serializeLexical(index: LexicalIndex): Buffer {
  return encodePostings(index.postings, index.maxImpacts);
}

/**
 * An index from {@link serializeLexical}'s bytes. Throws when they are not such an index. With
 * `averages` (a delta segment), the stored bounds are recomputed for those lengths (the segment
 * is small; its base's averages are what it is searched with).
 */
export function loadLexical(bytes: Buffer, averages?: readonly number[]): LexicalIndex {
  const { postings, termValues } = decodePostings(bytes);
  if (postings.fieldCount !== FIELDS.length) throw new Error(`lexical index has ${postings.fieldCount} fields, expected ${FIELDS.length}`);
  return averages === undefined ? lexicalIndexOf(postings, termValues) : lexicalIndexOf(postings, undefined, averages);
}

/**
 * What IDF is computed from: the number of passages and a term's document frequency over every
 * segment searched together, so that a passage scores the same whichever segment holds it.
 */
interface LexicalStats {
  n: number;
  df(field: number, term: string): number;
}

/** The statistics of segments searched together: passage counts and document frequencies added up. */
function combinedStats(segments: readonly LexicalIndex[]): LexicalStats {
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
export function searchLexicalSegments(segments: readonly LexicalSegment[], query: string, limit: number, options: LexicalSearchOptions = {}): LexicalHit[] {
  if (limit <= 0) return [];
  const stats = combinedStats(segments.map((s) => s.index));
  if (stats.n === 0) return [];
  const terms = weightedQueryTerms(query, options.glossary);
  const commonShare = options.commonShare ?? COMMON_TERM_SHARE;
  const hits = segments.flatMap(({ index, removed }) => searchWithout(index, removed, terms, query, limit, stats, commonShare));
  // A stable sort keeps segment order, then index order, among equal scores.
  return segments.length === 1 ? hits.slice(0, limit) : hits.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** Terms to look up in one field, with the weight they carry there. */
interface FieldQuery {
  field: Field;
  terms: string[];
  weight: number;
}

function fieldQueries(terms: QueryTerms, weight: number): FieldQuery[] {
  return FIELDS.filter((field) => terms[field].length > 0).map((field) => ({
    field,
    terms: [...new Set(terms[field])],
    weight: FIELD_BOOST[field] * weight,
  }));
}

/** `extra` minus every term `base` already has (so a glossary form never counts twice). */
function withoutTerms(extra: QueryTerms, base: QueryTerms): QueryTerms {
  const drop = (field: Field) => {
    const seen = new Set(base[field]);
    return extra[field].filter((t) => !seen.has(t));
  };
  return {
    accented: extra.accented,
    exact: drop("exact"),
    exactBigrams: drop("exactBigrams"),
    folded: drop("folded"),
    foldedBigrams: drop("foldedBigrams"),
  };
}

/** How much searching `terms` weighs: unigrams count 1, bigrams their field boost. */
const termMass = (terms: QueryTerms) => FIELDS.reduce((sum, field) => sum + terms[field].length * FIELD_BOOST[field], 0);

/**
 * The glossary's part of a question: every form an entry adds, weighted so that the entry's forms
 * together weigh GLOSSARY_WEIGHT of one typed word (a typed word is searched as 1 term without
 * diacritics, 2 with: accented and folded), however many syllables and bigrams they have.
 */
function glossaryQueries(query: string, terms: QueryTerms, glossary: Glossary): FieldQuery[] {
  const wordMass = terms.accented ? 2 : 1;
  return glossaryAdditions(query, glossary).flatMap((group) =>
    group.flatMap((form) => {
      const extra = withoutTerms(queryTerms(form), terms);
      const mass = termMass(extra);
      return mass === 0 ? [] : fieldQueries(extra, (GLOSSARY_WEIGHT * wordMass) / (mass * group.length));
    }),
  );
}

/** A term a question searches: in which field, and what its BM25 contribution is multiplied by besides its IDF. */
export interface WeightedTerm {
  field: number;
  term: string;
  /** Field boost, times the glossary share for a form the glossary added. */
  weight: number;
}

/**
 * The terms `query` searches, in the order their contributions are added up (the question's own
 * terms field by field, then the glossary's). A term may appear twice (two glossary forms): each
 * occurrence counts. Exported so that tests can score a question exhaustively.
 */
export function weightedQueryTerms(query: string, glossary?: Glossary): WeightedTerm[] {
  const terms = queryTerms(query);
  const queries = [...fieldQueries(terms, 1), ...(glossary === undefined ? [] : glossaryQueries(query, terms, glossary))];
  return queries.flatMap(({ field, terms: fieldTerms, weight }) => fieldTerms.map((term) => ({ field: fieldNumber(field), term, weight })));
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
export function searchLexical(index: LexicalIndex, query: string, limit: number, options: LexicalSearchOptions = {}): LexicalHit[] {
  return searchLexicalSegments([{ index }], query, limit, options);
}

/**
 * One segment's best `limit` passages that are not in `removed`. Asking for `limit` plus as many
 * as were removed is always enough, but a deep search prunes less; so the segment is first asked
 * for `limit` more only, and again deeper when removed passages took too many of those places.
 */
function searchWithout(index: LexicalIndex, removed: ReadonlySet<string> | undefined, terms: readonly WeightedTerm[], query: string, limit: number, stats: LexicalStats, commonShare: number): LexicalHit[] {
  if (removed === undefined || removed.size === 0) return searchSegment(index, terms, query, limit, stats, commonShare);
  const enough = limit + removed.size;
  for (let ask = limit + Math.min(removed.size, limit); ; ask = Math.min(enough, 2 * ask)) {
    const found = searchSegment(index, terms, query, ask, stats, commonShare);
    const kept = found.filter((h) => !removed.has(h.id));
    // Fewer hits than asked: the segment has no more matches.
    if (kept.length >= limit || found.length < ask || ask === enough) return kept.slice(0, limit);
  }
}

/** One segment's best `limit` passages for the weighted terms, scored with `stats`. */
function searchSegment(index: LexicalIndex, terms: readonly WeightedTerm[], query: string, limit: number, stats: LexicalStats, commonShare: number): LexicalHit[] {
  const { postings } = index;
  if (limit <= 0 || postings.ids.length === 0) return [];
  const cursors = openCursors(index, terms, stats, commonShare);
  if (cursors.length === 0) return [];
  const top = continueTop(index, cursors, limit);
  const relevance = lexicalCoverage(queryTerms(query), postings, stats, top.docs);
  return top.docs.map((d, i) => ({ id: postings.ids[d]!, score: top.scores[i]!, relevance: relevance[i]! }));
}

/** One searched term's posting list, in scoring order, with what it contributes at most. */
interface Cursor {
  /** First posting of the term (postings `pos..end`, sorted by document). */
  pos: number;
  end: number;
  /** Weight × IDF: what the impact is multiplied by. */
  w: number;
  /** Upper bound of the term's contribution to any passage. */
  bound: number;
  /** The bound the pruning reckons with: 0 for a common term (see {@link COMMON_TERM_SHARE}). */
  pruningBound: number;
  lengths: Uint16Array;
  avg: number;
  /** w·(k1+1), k1·(1−b) and k1·b/avg: the impact's constants, for {@link quickContributionAt}. */
  wk: number;
  base: number;
  slope: number;
}

function openCursors(index: LexicalIndex, terms: readonly WeightedTerm[], stats: LexicalStats, commonShare: number): Cursor[] {
  const { postings } = index;
  // Which terms are common is the segment's own affair (it only decides what is pruned); their weights are the statistics'.
  const commonAbove = Math.max(commonShare * postings.ids.length, COMMON_TERM_MIN_PASSAGES);
  const cursors: Cursor[] = [];
  for (const { field, term, weight } of terms) {
    const t = termNumber(postings, field, term);
    if (t < 0) continue;
    const start = postings.offsets[t]!;
    const end = postings.offsets[t + 1]!;
    if (start === end) continue;
    const w = weight * idf(stats.df(field, term), stats.n);
    const avg = index.averageLengths[field]! || 1;
    cursors.push({
      pos: start,
      end,
      w,
      bound: w * index.maxImpacts[t]!,
      pruningBound: end - start > commonAbove ? 0 : w * index.maxImpacts[t]!,
      lengths: postings.lengths[field]!,
      avg,
      wk: w * (BM25.k + 1),
      base: BM25.k * (1 - BM25.b),
      slope: (BM25.k * BM25.b) / avg,
    });
  }
  // A question of common words only is searched exactly: nothing else could select its passages.
  if (cursors.every((c) => c.pruningBound === 0)) for (const c of cursors) c.pruningBound = c.bound;
  return cursors;
}

/** The first position in `docs[from..end)` holding a document ≥ `d` (galloping, then binary search). */
function seek(docs: Uint32Array, from: number, end: number, d: number): number {
  if (from >= end || docs[from]! >= d) return from;
  let lo = from;
  let step = 1;
  while (lo + step < end && docs[lo + step]! < d) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, end);
  // docs[lo] < d; docs[hi] >= d or hi === end
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < d) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** What a cursor's term adds to document `d` at posting `p`: the exhaustive scorer's exact expression. */
/**
 * The same with one division instead of two, for partial scores that only decide what is pruned
 * (the rounding difference, ~1e-16 relative, is far inside the pruning margin).
 */
const quickContributionAt = (c: Cursor, tfs: Uint8Array, p: number, d: number) => {
  const tf = tfs[p]!;
  return (c.wk * tf) / (tf + c.base + c.slope * c.lengths[d]!);
};

const contributionAt = (c: Cursor, tfs: Uint8Array, p: number, d: number) => {
  const tf = tfs[p]!;
  return (c.w * tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * c.lengths[d]!) / c.avg));
};

/** The `k`-th largest of `values[d]` over `list[0..count)`, ignoring values ≤ `floor` (-Infinity when fewer than `k` are above it). */
function kthLargest(values: Float64Array, list: Int32Array, count: number, k: number, floor: number): number {
  // A min-heap of the k largest seen so far.
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const v = values[list[i]!]!;
    if (v <= floor || (size === k && v <= heap[0]!)) continue;
    let at: number;
    if (size < k) {
      at = size++;
      while (at > 0 && heap[(at - 1) >> 1]! > v) {
        heap[at] = heap[(at - 1) >> 1]!;
        at = (at - 1) >> 1;
      }
    } else {
      at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= k) break;
        const r = l + 1;
        const child = r < k && heap[r]! < heap[l]! ? r : l;
        if (heap[child]! >= v) break;
        heap[at] = heap[child]!;
        at = child;
      }
    }
    heap[at] = v;
  }
  return size === k ? heap[0]! : -Infinity;
}

/** Rounding margin: bounds and partial scores are added up in other orders than the exact score. */
const margin = (score: number) => Math.abs(score) * 1e-9;

/**
 * The `limit` best documents and their exact scores, best first, ties in document order, by
 * term-at-a-time scoring with the "continue" strategy (Moffat & Zobel 1996). Terms are taken by
 * decreasing bound (weight × highest impact; common terms last, reckoned at 0: see
 * {@link COMMON_TERM_SHARE}) into one accumulator per document. Once what the
 * remaining terms can add together is below the `limit`-th best partial score, no document not
 * yet seen can enter the top: the remaining terms (the common ones, with the longest posting
 * lists) are then only looked up, by galloping, for the documents still in the running, and a
 * document is dropped as soon as its partial score plus the remaining bound falls below that
 * `limit`-th score. The few documents left at the end are scored again term by term in the
 * exhaustive scorer's order, so scores are identical to the last bit and so is the ranking.
 */
function continueTop(index: LexicalIndex, cursors: readonly Cursor[], limit: number): { docs: number[]; scores: number[] } {
  const { docs, tfs } = index.postings;
  const n = index.postings.ids.length;
  const m = cursors.length;
  const order = cursors.map((_, i) => i).sort((a, b) => cursors[b]!.pruningBound - cursors[a]!.pruningBound || cursors[b]!.bound - cursors[a]!.bound);
  // rest[j]: what the terms order[j..m) can add to a document together, as far as pruning reckons.
  const rest = new Float64Array(m + 1);
  for (let j = m - 1; j >= 0; j--) rest[j] = rest[j + 1]! + cursors[order[j]!]!.pruningBound;
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  let touchedCount = 0;
  let best = 0;
  let j = 0;
  let threshold = -Infinity;
  let sinceCheck = 0;
  // Every document of a term is accumulated, until no unseen document can make the top.
  while (j < m) {
    const c = cursors[order[j++]!]!;
    for (let p = c.pos; p < c.end; p++) {
      const d = docs[p]!;
      if (acc[d] === 0) touched[touchedCount++] = d;
      const v = (acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d));
      if (v > best) best = v;
    }
    sinceCheck += c.end - c.pos;
    // Checking reads every accumulator: only worth it once as many postings were added since.
    if (j < m && touchedCount >= limit && rest[j]! < best && 2 * sinceCheck >= touchedCount) {
      sinceCheck = 0;
      const kth = kthLargest(acc, touched, touchedCount, limit, rest[j]!);
      threshold = kth - margin(kth);
      if (rest[j]! < threshold) break;
    }
  }
  // The documents that can still make the top, in document order.
  const floor = threshold - rest[j]!;
  let count = 0;
  for (let d = 0; d < n; d++) if (acc[d]! > 0 && acc[d]! >= floor) touched[count++] = d;
  let candidates = touched.subarray(0, count);
  // The remaining terms only for them.
  while (j < m && candidates.length > limit) {
    const c = cursors[order[j++]!]!;
    if (candidates.length * 4 < c.end - c.pos) {
      let p = c.pos;
      for (let i = 0; i < candidates.length; i++) {
        const d = candidates[i]!;
        p = seek(docs, p, c.end, d);
        if (p === c.end) break;
        if (docs[p] === d) acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d);
      }
    } else {
      let i = 0;
      for (let p = c.pos; p < c.end && i < candidates.length; p++) {
        const d = docs[p]!;
        while (i < candidates.length && candidates[i]! < d) i++;
        if (candidates[i] === d) acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d);
      }
    }
    // The limit-th partial score only rises: values at or below the last one cannot raise it.
    const kth = kthLargest(acc, candidates, candidates.length, limit, threshold);
    if (kth > threshold) threshold = kth - margin(kth);
    let kept = 0;
    for (let i = 0; i < candidates.length; i++) {
      const d = candidates[i]!;
      if (acc[d]! + rest[j]! >= threshold) candidates[kept++] = d;
    }
    candidates = candidates.subarray(0, kept);
  }
  if (j === m && candidates.length > limit) {
    // Partial scores are complete: only those near the limit-th can be in the top.
    const kth = kthLargest(acc, candidates, candidates.length, limit, -Infinity);
    let kept = 0;
    for (let i = 0; i < candidates.length; i++) if (acc[candidates[i]!]! >= kth - margin(kth)) candidates[kept++] = candidates[i]!;
    candidates = candidates.subarray(0, kept);
  }
  // Exact scores of the survivors, each added up term by term in the exhaustive scorer's order.
  const exact = new Float64Array(candidates.length);
  for (const c of cursors) {
    let p = c.pos;
    for (let i = 0; i < candidates.length; i++) {
      const d = candidates[i]!;
      p = seek(docs, p, c.end, d);
      if (p === c.end) break;
      if (docs[p] === d) exact[i] = exact[i]! + contributionAt(c, tfs, p, d);
    }
  }
  const ranked = Array.from(candidates.keys()).sort((a, b) => exact[b]! - exact[a]! || candidates[a]! - candidates[b]!);
  const top = ranked.slice(0, limit);
  return { docs: top.map((i) => candidates[i]!), scores: top.map((i) => exact[i]!) };
}

/** BM25's inverse document frequency, from a document frequency. */
const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Credit for a term matched only once diacritics are dropped, in an accented question. */
const FOLDED_ONLY_CREDIT = 0.5;

/**
 * Lexical relevance of a result: Σ idf(t)·credit(t) / Σ idf(t) over the question's distinct
 * terms t, its syllables (question words excluded) and its syllable bigrams. credit is 1 when the
 * passage has the term as typed, 0.5 when it matches only without diacritics (accented questions),
 * 0 when absent. A term found in no passage gets the highest IDF, so a question about something
 * the reports never mention scores low even when its common words match. Unlike a BM25 score this
 * does not grow with the question's length, so one threshold serves all questions.
 *
 * Bigrams count as much as syllables: on XQuAD-vi they separate answerable questions from
 * questions whose article was removed from the index far better (AUC 0.949 against 0.894 for
 * syllables alone); at 0.3, 89% of answerable questions pass and 89% of the others do not.
 *
 * Computed for all results at once (`docs`, in any order): each term's posting list is walked
 * once by galloping through the results in document order, not searched once per result.
 */
function lexicalCoverage(terms: QueryTerms, postings: Postings, stats: LexicalStats, docs: readonly number[]): number[] {
  interface Unit {
    range: { start: number; end: number };
    fallback?: { start: number; end: number };
    weight: number;
  }
  const n = Math.max(1, stats.n);
  const units: Unit[] = [];
  const seen = new Set<string>();
  const addUnits = (primary: readonly string[], folded: readonly string[], field: Field, foldedField: Field) =>
    primary.forEach((term, i) => {
      if (seen.has(`${field}:${term}`)) return;
      seen.add(`${field}:${term}`);
      const range = findTerm(postings, fieldNumber(field), term);
      const fallback = field === foldedField ? undefined : findTerm(postings, fieldNumber(foldedField), folded[i]!);
      units.push({ range, fallback, weight: idf(stats.df(fieldNumber(field), term), n) });
    });
  if (terms.accented) {
    addUnits(terms.exact, terms.folded, "exact", "folded");
    addUnits(terms.exactBigrams, terms.foldedBigrams, "exactBigrams", "foldedBigrams");
  } else {
    addUnits(terms.folded, terms.folded, "folded", "folded");
    addUnits(terms.foldedBigrams, terms.foldedBigrams, "foldedBigrams", "foldedBigrams");
  }
  const total = units.reduce((sum, u) => sum + u.weight, 0);
  if (total === 0) return docs.map(() => 0);
  // The documents in increasing order, so each posting list is walked once, by galloping.
  const byDoc = Array.from(docs.keys()).sort((a, b) => docs[a]! - docs[b]!);
  const present = (range: { start: number; end: number }) => {
    const found = new Uint8Array(docs.length);
    let p = range.start;
    for (const i of byDoc) {
      p = seek(postings.docs, p, range.end, docs[i]!);
      if (p === range.end) break;
      if (postings.docs[p] === docs[i]) found[i] = 1;
    }
    return found;
  };
  const got = new Float64Array(docs.length);
  for (const u of units) {
    const typed = present(u.range);
    const folded = u.fallback === undefined ? undefined : present(u.fallback);
    for (let i = 0; i < docs.length; i++) {
      if (typed[i] === 1) got[i] = got[i]! + u.weight;
      else if (folded?.[i] === 1) got[i] = got[i]! + FOLDED_ONLY_CREDIT * u.weight;
    }
  }
  return Array.from(got, (g) => g / total);
}

/**
 * How rare a diacritic-free syllable is among the indexed passages (BM25's IDF in the folded
 * field); a syllable no passage has gets the highest value. Several segments count as one index.
 */
export function foldedTermRarity(index: LexicalIndex | readonly LexicalIndex[], term: string): number {
  const stats = combinedStats(Array.isArray(index) ? index : [index as LexicalIndex]);
  return idf(stats.df(fieldNumber("folded"), term), Math.max(1, stats.n));
}
