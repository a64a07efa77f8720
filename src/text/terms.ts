import { foldDiacritics, hasVietnameseDiacritics } from "./fold.ts";
import { normalizeText } from "./normalize.ts";
import { FOLDED_QUESTION_WORDS, QUESTION_WORDS } from "./question-words.ts";
import { scanText } from "./tokenize.ts";

/**
 * The terms of a text, by kind. Vietnamese is written one syllable per word, so a syllable alone
 * is ambiguous ("an" in "an ninh", "Công an", "an toàn") and adjacent-syllable pairs (bigrams,
 * written "an ninh") carry most of the meaning of compound words. Folded (diacritic-free) forms
 * let text typed without diacritics match; accented forms keep "má" and "mà" apart.
 */
export interface TermsByKind {
  /** Accented syllables, plus compounds kept whole ("25-nq/tw"). */
  exact: string[];
  /** Accented adjacent-syllable pairs, joined by a space ("an ninh"). */
  exactBigrams: string[];
  /** Every exact term folded (even when folding changes nothing). */
  folded: string[];
  /** Every exact bigram folded. */
  foldedBigrams: string[];
}

function bigramsOf(syllables: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < syllables.length; i++) pairs.push(`${syllables[i - 1]} ${syllables[i]}`);
  return pairs;
}

/**
 * The terms a passage is indexed under. Bigrams are formed across punctuation too: measured on
 * XQuAD-vi, stopping them at commas and full stops did not help.
 */
export function documentTerms(text: string): TermsByKind {
  const { syllables, compounds } = scanText(normalizeText(text));
  const exact = [...syllables, ...compounds];
  const exactBigrams = bigramsOf(syllables);
  // Folding a pair is folding its two syllables, so pairs are formed from folded syllables rather
  // than folded one by one: indexing spends most of its time folding otherwise.
  const foldedSyllables = syllables.map(foldSyllable);
  return { exact, exactBigrams, folded: [...foldedSyllables, ...compounds.map(foldSyllable)], foldedBigrams: bigramsOf(foldedSyllables) };
}

/**
 * Vietnamese has a few thousand distinct syllables, so folding each one once and remembering it
 * is far cheaper than folding every occurrence. Bounded, so names and numbers cannot grow it forever.
 */
const foldedCache = new Map<string, string>();
function foldSyllable(syllable: string): string {
  let folded = foldedCache.get(syllable);
  if (folded === undefined) {
    if (foldedCache.size > 200_000) foldedCache.clear();
    folded = foldDiacritics(syllable);
    foldedCache.set(syllable, folded);
  }
  return folded;
}

/** The terms a question is searched with, and whether it was typed with diacritics. */
export interface QueryTerms extends TermsByKind {
  /**
   * False when the question has no Vietnamese diacritic at all: it was typed without them, so its
   * syllables say nothing about which accented word was meant and only folded terms are searched
   * (`exact` and `exactBigrams` are then empty).
   */
  accented: boolean;
}

/**
 * The terms a question is searched with. Question words ("ai", "gì", "bao nhiêu", …) are dropped
 * as single syllables (they would favour passages that happen to ask questions) but stay inside
 * bigrams, where they still tie their neighbours together.
 */
export function queryTerms(text: string): QueryTerms {
  const normalized = normalizeText(text);
  const accented = hasVietnameseDiacritics(normalized);
  const { syllables, compounds } = scanText(normalized);
  const isQuestionWord = accented
    ? (t: string) => QUESTION_WORDS.has(t)
    : (t: string) => FOLDED_QUESTION_WORDS.has(t);
  const unigrams = [...syllables.filter((t) => !isQuestionWord(t)), ...compounds];
  const bigrams = bigramsOf(syllables);
  return {
    accented,
    exact: accented ? unigrams : [],
    exactBigrams: accented ? bigrams : [],
    folded: unigrams.map(foldDiacritics),
    foldedBigrams: bigrams.map(foldDiacritics),
  };
}

/**
 * All the distinct terms of a text as indexed: accented syllables and compounds, their folded
 * forms where folding changes them, and syllable bigrams (accented, and folded where different).
 * "Đoàn giám sát" → ["đoàn", "giám", "sát", "doan", "giam", "sat", "đoàn giám", "giám sát",
 * "doan giam", "giam sat"].
 */
export function lexicalTerms(s: string): string[] {
  const t = documentTerms(s);
  return [...new Set([...t.exact, ...t.folded, ...t.exactBigrams, ...t.foldedBigrams])];
}
