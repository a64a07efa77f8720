import { foldedWords, glossaryAdditions, queryTerms } from "../text/mod.ts";
import type { Glossary, QueryTerms } from "../text/mod.ts";
import { FIELDS, fieldNumber } from "./segment.ts";
import type { Field } from "./segment.ts";

/**
 * Field weights, measured on XQuAD-vi: bigrams at half weight
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
 * A question parsed once, for every part of a search that reads its words: the keyword search,
 * its coverage ("not found") signal, and the proximity ranking.
 */
export interface Query {
  /** The question as asked. */
  text: string;
  /** Its own terms by kind (accented, folded, bigrams), question words left out. */
  terms: QueryTerms;
  /**
   * The terms it searches, with their weights, in the order their contributions are added up (its
   * own terms field by field, then the glossary's expansions). A term may appear twice (two
   * glossary forms): each occurrence counts.
   */
  weighted: WeightedTerm[];
  /** Its distinct searched words without diacritics, split the way passages are. */
  foldedWords: string[];
}

/** Parses `text` once into a {@link Query}; with a glossary, its abbreviations and expansions are searched too. */
export function parseQuery(text: string, glossary?: Glossary): Query {
  const terms = queryTerms(text);
  const queries = [...fieldQueries(terms, 1), ...(glossary === undefined ? [] : glossaryQueries(text, terms, glossary))];
  const weighted = queries.flatMap(({ field, terms: fieldTerms, weight }) => fieldTerms.map((term) => ({ field: fieldNumber(field), term, weight })));
  return { text, terms, weighted, foldedWords: [...new Set(terms.folded.flatMap(foldedWords))] };
}

/** The weighted terms `query` searches (see {@link Query.weighted}): what tests score exhaustively. */
export function weightedQueryTerms(query: string, glossary?: Glossary): WeightedTerm[] {
  return parseQuery(query, glossary).weighted;
}
