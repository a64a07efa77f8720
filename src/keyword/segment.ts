/**
 * One immutable segment of the keyword index: the passages' Vietnamese syllables and syllable pairs,
 * with accented and diacritic-free forms in separate fields so that text typed either way finds a
 * passage, while an exact accented match still ranks above a match that only agrees once
 * diacritics are dropped.
 *
 * The postings live in a compact inverted index of our own (`postings.ts`): a library index
 * that keeps every posting in JavaScript maps (MiniSearch, measured) scores the same but took 33 s
 * and 480 MB of heap for 2,000 news passages and ran out of memory on load at 6,000, so an archive
 * of thousands of reports could not be indexed at all.
 */
import { averageLengths, buildPostings, decodePostings, emptyPostings, encodePostings, keyField, mergePostings } from "./postings.ts";
import type { Postings } from "./postings.ts";
import { documentTerms } from "../text/mod.ts";
import type { TermsByKind } from "../text/mod.ts";

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


/** A field of the index: a kind of term. */
export type Field = keyof TermsByKind;
/** The fields, in the order of their numbers in the postings. */
export const FIELDS: readonly Field[] = ["exact", "exactBigrams", "folded", "foldedBigrams"];

/**
 * Plain BM25 (d = 0: MiniSearch's BM25+ floor measured slightly worse), with the usual k1 and b,
 * which measured as well as any tuned value (XQuAD differences within ±0.003).
 */
export const BM25 = { k: 1.2, b: 0.75, d: 0 };

/** The number of a field in the postings. */
export const fieldNumber = (field: Field) => FIELDS.indexOf(field);

/**
 * `averages`: the field lengths BM25 normalises by; a segment searched beside a larger one (a
 * delta beside its base) takes the larger one's, so that both score on one scale.
 */
export function lexicalIndexOf(postings: Postings, maxImpacts?: Float32Array, averages: readonly number[] = averageLengths(postings)): LexicalIndex {
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

export function* termDocuments(docs: readonly LexicalDocument[]) {
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
 * A lexical index of the given passages. With `averages` (a delta segment, see `index/delta.ts`), its
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
