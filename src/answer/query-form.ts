import { foldDiacritics, FOLDED_QUESTION_WORDS, normalizeText, QUESTION_WORDS, tokenize } from "../text/mod.ts";

/** English words that open or mark a question. */
const ENGLISH_QUESTION_WORDS = new Set(["what", "who", "whom", "whose", "when", "where", "which", "why", "how", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "tell", "list", "show"]);

/** The most words a query without any question word is read as keywords. */
const MAX_KEYWORDS = 4;

/**
 * Whether a query is a few keywords ("ANTT", "lương tối thiểu vùng") rather than a question:
 * no question mark, no question word in Vietnamese (accented or not) or English, and at most
 * four words. Staff type such queries to find what the reports say about a topic; the reply then
 * says so instead of presenting a sentence as the answer to a question nobody asked.
 */
export function isKeywordQuery(query: string): boolean {
  const text = normalizeText(query);
  if (/[?？]/u.test(text)) return false;
  const words = tokenize(text); // normalizeText lower-cases
  if (words.length === 0 || words.length > MAX_KEYWORDS) return false;
  return !words.some((w) => QUESTION_WORDS.has(w) || FOLDED_QUESTION_WORDS.has(foldDiacritics(w)) || ENGLISH_QUESTION_WORDS.has(w));
}
