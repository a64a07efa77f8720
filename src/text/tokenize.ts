import { normalizeText } from "./normalize.ts";

/**
 * A word as written: letters and digits, possibly joined without spaces by . , / - _ :
 * ("16.628", "2022-2026", "25-nq/tw", "tp.hcm"). Letters include combining marks so that
 * Vietnamese text is never cut inside a syllable.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:[.,/\-_:][\p{L}\p{M}\p{N}]+)*/gu;
const CONNECTOR = /[.,/\-_:]/;
const FORMATTED_NUMBER = /^\d+(?:[.,]\d+)+$/;

/**
 * The words of a text grouped into phrases (runs not interrupted by punctuation), which is where
 * syllable bigrams may be formed, plus the joined forms of compound words.
 */
export interface Scanned {
  /** Each phrase's syllables in order; a compound like "25-nq/tw" contributes its parts. */
  phrases: string[][];
  /** Compounds kept whole ("25-nq/tw", "2022-2026", "16.628"), to match them exactly. */
  compounds: string[];
}

/**
 * Splits normalised text into phrases of syllables. A formatted number ("16.628", "3,5") stays one
 * syllable: its parts mean nothing alone. Any other compound ("2022-2026", "25-nq/tw", "4/1",
 * "tp.hcm") is kept whole and also split into its parts, so "nghị quyết 25" finds "25-NQ/TW" and
 * "2022 - 2026" finds "2022-2026".
 */
export function scanText(normalized: string): Scanned {
  const phrases: string[][] = [];
  const compounds: string[] = [];
  let phrase: string[] = [];
  let lastEnd = 0;
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    // Anything but spaces between two words (a comma, a full stop, a bracket) ends the phrase.
    if (phrase.length > 0 && normalized.slice(lastEnd, start).trim() !== "") {
      phrases.push(phrase);
      phrase = [];
    }
    lastEnd = start + word.length;
    if (!CONNECTOR.test(word) || FORMATTED_NUMBER.test(word)) {
      phrase.push(word);
      continue;
    }
    compounds.push(word);
    phrase.push(...word.split(CONNECTOR).filter((part) => part !== ""));
  }
  if (phrase.length > 0) phrases.push(phrase);
  return { phrases, compounds };
}

/**
 * The tokens of a text, in order: normalised syllables and numbers, punctuation dropped.
 * A compound such as "25-NQ/TW" yields the whole ("25-nq/tw") followed by its parts
 * ("25", "nq", "tw"); a formatted number such as "16.628" stays one token.
 */
export function tokenize(s: string): string[] {
  const normalized = normalizeText(s);
  const tokens: string[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    tokens.push(word);
    if (CONNECTOR.test(word) && !FORMATTED_NUMBER.test(word)) {
      tokens.push(...word.split(CONNECTOR).filter((part) => part !== ""));
    }
  }
  return tokens;
}
