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
import { averageLengths, buildPostings, decodePostings, emptyPostings, encodePostings, findTerm, mergePostings } from "./postings.ts";
import type { Postings } from "./postings.ts";
import { documentTerms, glossaryAdditions, queryTerms } from "../text/mod.ts";
import type { Glossary, QueryTerms, TermsByKind } from "../text/mod.ts";

/**
 * Version of the lexical text processing and index layout. Bump it whenever tokenisation, term
 * forms or fields change: an index built under another version is rebuilt rather than reused.
 */
export const LEXICAL_VERSION = "vi-syllables-2";

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

function lexicalIndexOf(postings: Postings): LexicalIndex {
  return { postings, averageLengths: averageLengths(postings) };
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

/** A lexical index of the given passages. */
export function buildLexical(docs: readonly LexicalDocument[]): LexicalIndex {
  return lexicalIndexOf(buildPostings(FIELDS.length, termDocuments(docs)));
}

/**
 * A new index: `previous` without the passages in `remove` and with `add` (a passage whose id is
 * in both is replaced). `previous` is left as it was, so it can keep serving meanwhile.
 */
export function updateLexical(previous: LexicalIndex, remove: readonly string[], add: readonly LexicalDocument[]): LexicalIndex {
  const drop = new Set([...remove, ...add.map((d) => d.id)]);
  const added = buildPostings(FIELDS.length, termDocuments(add));
  return lexicalIndexOf(mergePostings(previous.postings, added, (id) => !drop.has(id)));
}

/** Number of passages in the index. */
export const lexicalSize = (index: LexicalIndex) => index.postings.ids.length;

/** The index as bytes, for {@link loadLexical}. */
export function serializeLexical(index: LexicalIndex): Buffer {
  return encodePostings(index.postings);
}

/** An index from {@link serializeLexical}'s bytes. Throws when they are not such an index. */
export function loadLexical(bytes: Buffer): LexicalIndex {
  const postings = decodePostings(bytes);
  if (postings.fieldCount !== FIELDS.length) throw new Error(`lexical index has ${postings.fieldCount} fields, expected ${FIELDS.length}`);
  return lexicalIndexOf(postings);
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

/**
 * The `limit` passages that best match `query` by BM25, best first. With a glossary, an
 * abbreviation in the question also searches for its expansion and the other way round
 * ("ANTT" ↔ "an ninh trật tự"), at lower weight. A question with no searchable word (only
 * punctuation, or only question words) matches nothing.
 */
export function searchLexical(index: LexicalIndex, query: string, limit: number, glossary?: Glossary): LexicalHit[] {
  const terms = queryTerms(query);
  const queries = [...fieldQueries(terms, 1), ...(glossary === undefined ? [] : glossaryQueries(query, terms, glossary))];
  const { postings } = index;
  const n = postings.ids.length;
  if (queries.length === 0 || limit <= 0 || n === 0) return [];

  const scores = new Float64Array(n);
  const touched: number[] = [];
  for (const { field, terms: fieldTerms, weight } of queries) {
    const f = fieldNumber(field);
    const lengths = postings.lengths[f]!;
    const avg = index.averageLengths[f]! || 1;
    for (const term of fieldTerms) {
      const { start, end } = findTerm(postings, f, term);
      if (start === end) continue;
      const w = weight * idf(end - start, n);
      for (let p = start; p < end; p++) {
        const d = postings.docs[p]!;
        const tf = postings.tfs[p]!;
        if (scores[d] === 0) touched.push(d);
        scores[d] = scores[d]! + (w * tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * lengths[d]!) / avg));
      }
    }
  }
  const top = topDocuments(scores, touched, limit);
  const relevance = lexicalCoverage(terms, postings);
  return top.map((d) => ({ id: postings.ids[d]!, score: scores[d]!, relevance: relevance(d) }));
}

/** The `limit` documents with the highest scores, best first (ties: lower document number first). */
function topDocuments(scores: Float64Array, touched: readonly number[], limit: number): number[] {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const top: number[] = [];
  for (const d of touched) {
    if (top.length === limit && !better(d, top[top.length - 1]!)) continue;
    let i = Math.min(top.length, limit - 1);
    if (top.length < limit) top.push(d);
    while (i > 0 && better(d, top[i - 1]!)) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = d;
  }
  return top;
}

/** BM25's inverse document frequency, from a document frequency. */
const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Credit for a term matched only once diacritics are dropped, in an accented question. */
const FOLDED_ONLY_CREDIT = 0.5;

/** Whether document `d` is in a term's postings (postings are sorted by document). */
function hasDocument(postings: Postings, range: { start: number; end: number }, d: number): boolean {
  let lo = range.start;
  let hi = range.end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = postings.docs[mid]!;
    if (v === d) return true;
    if (v < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

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
 */
function lexicalCoverage(terms: QueryTerms, postings: Postings): (d: number) => number {
  interface Unit {
    range: { start: number; end: number };
    fallback?: { start: number; end: number };
    weight: number;
  }
  const n = Math.max(1, postings.ids.length);
  const units: Unit[] = [];
  const seen = new Set<string>();
  const addUnits = (primary: readonly string[], folded: readonly string[], field: Field, foldedField: Field) =>
    primary.forEach((term, i) => {
      if (seen.has(`${field}:${term}`)) return;
      seen.add(`${field}:${term}`);
      const range = findTerm(postings, fieldNumber(field), term);
      const fallback = field === foldedField ? undefined : findTerm(postings, fieldNumber(foldedField), folded[i]!);
      units.push({ range, fallback, weight: idf(range.end - range.start, n) });
    });
  if (terms.accented) {
    addUnits(terms.exact, terms.folded, "exact", "folded");
    addUnits(terms.exactBigrams, terms.foldedBigrams, "exactBigrams", "foldedBigrams");
  } else {
    addUnits(terms.folded, terms.folded, "folded", "folded");
    addUnits(terms.foldedBigrams, terms.foldedBigrams, "foldedBigrams", "foldedBigrams");
  }
  const total = units.reduce((sum, u) => sum + u.weight, 0);
  if (total === 0) return () => 0;
  return (d) => {
    let got = 0;
    for (const u of units) {
      if (hasDocument(postings, u.range, d)) got += u.weight;
      else if (u.fallback !== undefined && hasDocument(postings, u.fallback, d)) got += FOLDED_ONLY_CREDIT * u.weight;
    }
    return got / total;
  };
}

/**
 * How rare a diacritic-free syllable is among the indexed passages (BM25's IDF in the folded
 * field); a syllable no passage has gets the highest value.
 */
export function foldedTermRarity(index: LexicalIndex, term: string): number {
  const { start, end } = findTerm(index.postings, fieldNumber("folded"), term);
  return idf(end - start, Math.max(1, index.postings.ids.length));
}
