/**
 * The lexical (BM25) side of the index: MiniSearch over Vietnamese syllables, with accented and
 * diacritic-free forms in separate fields so that text typed either way finds a passage, while an
 * exact accented match still ranks above a match that only agrees once diacritics are dropped.
 */
import MiniSearch from "minisearch";
import type { Options } from "minisearch";
import { documentTerms, glossaryAdditions, queryTerms } from "../text/mod.ts";
import type { Glossary, QueryTerms, TermsByKind } from "../text/mod.ts";

/**
 * Version of the lexical text processing and index layout. Bump it whenever tokenisation, term
 * forms or fields change: an index built under another version is rebuilt rather than reused.
 */
export const LEXICAL_VERSION = "vi-syllables-1";

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

/** A searchable lexical index (MiniSearch with hoidap's Vietnamese tokenisation). */
export interface LexicalIndex {
  readonly engine: MiniSearch<LexicalDocument>;
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

/**
 * The MiniSearch options, the same for building and loading (MiniSearch.loadJSON requires them).
 * Tokenisation is hoidap's own: each field gets its own kind of term from the same text.
 */
function engineOptions(): Options<LexicalDocument> {
  // MiniSearch asks for a document's fields one after another; computing the terms once per
  // text serves all four fields.
  let lastText: string | undefined;
  let lastTerms: TermsByKind | undefined;
  const termsOf = (text: string): TermsByKind => {
    if (text !== lastText || lastTerms === undefined) {
      lastText = text;
      lastTerms = documentTerms(text);
    }
    return lastTerms;
  };
  return {
    idField: "id",
    fields: [...FIELDS],
    extractField: (doc, field) => (field === "id" ? doc.id : doc.text),
    tokenize: (text, field) => termsOf(text)[(field ?? "exact") as Field],
    // Terms arrive normalised from the tokenizer; MiniSearch's default would lower-case again.
    processTerm: (term) => term,
    searchOptions: { bm25: BM25 },
  };
}

/** A new, empty lexical index. */
export function createLexicalIndex(): LexicalIndex {
  return { engine: new MiniSearch(engineOptions()) };
}

/**
 * Adds passages. A passage whose id is already indexed is replaced (so re-adding is safe).
 */
export function addToLexical(index: LexicalIndex, docs: readonly LexicalDocument[]): void {
  const fresh = new Map<string, LexicalDocument>();
  for (const doc of docs) fresh.set(doc.id, doc);
  removeFromLexical(index, [...fresh.keys()]);
  index.engine.addAll([...fresh.values()]);
}

/**
 * Removes passages by id; ids not in the index are ignored. Uses MiniSearch's `discard`: the
 * passage disappears from results and statistics at once, and its postings are cleaned up by
 * MiniSearch's automatic vacuuming once enough have accumulated.
 */
export function removeFromLexical(index: LexicalIndex, ids: readonly string[]): void {
  const present = ids.filter((id) => index.engine.has(id));
  if (present.length > 0) index.engine.discardAll(present);
}

/** The index as JSON text, for {@link loadLexical}. */
export function serializeLexical(index: LexicalIndex): string {
  return JSON.stringify(index.engine);
}

/** An index from {@link serializeLexical}'s output. Throws when the JSON is not such an index. */
export function loadLexical(json: string): LexicalIndex {
  return { engine: MiniSearch.loadJSON<LexicalDocument>(json, engineOptions()) };
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

/** What one passage gathered over the field queries. */
interface Match {
  score: number;
  /** `field:term` for every term the passage matched. */
  matched: Set<string>;
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
  if (queries.length === 0 || limit <= 0) return [];
  // One MiniSearch search per field: results of several fields combined by MiniSearch keep only
  // one field per matched term, and relevance needs to know which field a term matched in.
  const matches = new Map<string, Match>();
  for (const { field, terms: fieldTerms, weight } of queries) {
    const results = index.engine.search(
      { combineWith: "OR", queries: fieldTerms },
      // The terms are already finished: each query string is one term.
      { fields: [field], boost: { [field]: weight }, tokenize: (term) => [term], processTerm: (term) => term },
    );
    for (const r of results) {
      const id = String(r.id);
      const m = matches.get(id) ?? { score: 0, matched: new Set<string>() };
      // MiniSearch multiplies BM25 by the number of query terms matched; that favours passages
      // matching many common words and measured worse, so it is divided back out.
      m.score += r.score / Math.max(1, r.queryTerms.length);
      for (const term of r.queryTerms) m.matched.add(`${field}:${term}`);
      matches.set(id, m);
    }
  }
  const relevance = lexicalCoverage(terms, matches, index.engine.documentCount);
  return [...matches]
    .sort(([idA, a], [idB, b]) => b.score - a.score || (idA < idB ? -1 : 1))
    .slice(0, limit)
    .map(([id, m]) => ({ id, score: m.score, relevance: relevance(m) }));
}

/** BM25's inverse document frequency (the form MiniSearch uses), from a document frequency. */
const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Credit for a term matched only once diacritics are dropped, in an accented question. */
const FOLDED_ONLY_CREDIT = 0.5;

/**
 * Lexical relevance of each result: Σ idf(t)·credit(t) / Σ idf(t) over the question's distinct
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
 * Document frequencies are read from the results themselves: an OR query returns every passage
 * that matches any term, so counting the results that match a term gives its exact frequency.
 */
function lexicalCoverage(terms: QueryTerms, matches: ReadonlyMap<string, Match>, documentCount: number): (match: Match) => number {
  interface Unit { key: string; fallback: string }
  const units = new Map<string, Unit>();
  const addUnits = (primary: string[], folded: string[], field: Field, foldedField: Field) =>
    primary.forEach((term, i) => {
      const key = `${field}:${term}`;
      units.set(key, { key, fallback: `${foldedField}:${folded[i]!}` });
    });
  if (terms.accented) {
    addUnits(terms.exact, terms.folded, "exact", "folded");
    addUnits(terms.exactBigrams, terms.foldedBigrams, "exactBigrams", "foldedBigrams");
  } else {
    addUnits(terms.folded, terms.folded, "folded", "folded");
    addUnits(terms.foldedBigrams, terms.foldedBigrams, "foldedBigrams", "foldedBigrams");
  }
  // One pass over all matches counts every unit's document frequency.
  const df = new Map<string, number>();
  for (const m of matches.values()) {
    for (const key of m.matched) if (units.has(key)) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const n = Math.max(1, documentCount);
  const weighted = [...units.values()].map((u) => ({ ...u, weight: idf(df.get(u.key) ?? 0, n) }));
  const total = weighted.reduce((sum, u) => sum + u.weight, 0);
  if (total === 0) return () => 0;
  return (m) => {
    let got = 0;
    for (const u of weighted) {
      if (m.matched.has(u.key)) got += u.weight;
      else if (terms.accented && m.matched.has(u.fallback)) got += FOLDED_ONLY_CREDIT * u.weight;
    }
    return got / total;
  };
}
