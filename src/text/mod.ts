/**
 * Vietnamese text processing shared by indexing and searching, so passages and questions are
 * turned into terms the same way.
 *
 * Commonly used: {@link normalizeText}, {@link foldDiacritics}, {@link tokenize},
 * {@link detectLanguage}, and the glossary ({@link loadGlossary}, {@link glossaryAdditions}).
 * For the lexical index: {@link documentTerms}, {@link queryTerms} (terms by kind: accented,
 * folded, bigrams) and {@link lexicalTerms} (all of a text's terms in one list).
 */
export { INVISIBLE, normalizeText, removeInvisible } from "./normalize.ts";
export { cutText } from "./cut.ts";
export { foldDiacritics, hasVietnameseDiacritics } from "./fold.ts";
export { foldedWords } from "./folded-words.ts";
export { tokenize } from "./tokenize.ts";
export { documentTerms, queryTerms, lexicalTerms } from "./terms.ts";
export type { QueryTerms, TermsByKind } from "./terms.ts";
export { detectLanguage } from "./language.ts";
export type { Lang } from "./language.ts";
export { loadGlossary, loadGlossaryIfPresent, parseGlossary, glossaryAdditions, GlossaryError } from "./glossary.ts";
export type { Glossary } from "./glossary.ts";
