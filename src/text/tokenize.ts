import { normalizeText } from "./normalize.ts";

/**
 * A word as written: letters and digits, possibly joined without spaces by . , / - _ :
 * ("16.628", "2022-2026", "25-nq/tw", "tp.hcm"). Letters include combining marks so that
 * Vietnamese text is never cut inside a syllable.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:[.,/\-_:][\p{L}\p{M}\p{N}]+)*/gu;
const CONNECTOR = /[.,/\-_:]/;
const FORMATTED_NUMBER = /^\d+(?:[.,]\d+)+$/;

/** The words of a text: its syllables in order, and the joined forms of its compound words. */
export interface Scanned {
  /** Syllables in order; a compound like "25-nq/tw" contributes its parts. */
  syllables: string[];
  /** Compounds kept whole ("25-nq/tw", "2022-2026"), to match them exactly. */
  compounds: string[];
}

/**
 * Splits normalised text into syllables. A formatted number ("16.628", "3,5") stays one
 * syllable: its parts mean nothing alone. Any other compound ("2022-2026", "25-nq/tw", "4/1",
 * "tp.hcm") is kept whole and also split into its parts, so "nghị quyết 25" finds "25-NQ/TW" and
 * "2022 - 2026" finds "2022-2026".
 */
export function scanText(normalized: string): Scanned {
  const syllables: string[] = [];
  const compounds: string[] = [];
  for (const [word] of normalized.matchAll(WORD)) {
    if (!CONNECTOR.test(word) || FORMATTED_NUMBER.test(word)) {
      syllables.push(word);
      continue;
    }
    compounds.push(word);
    syllables.push(...word.split(CONNECTOR).filter((part) => part !== ""));
  }
  return { syllables, compounds };
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
