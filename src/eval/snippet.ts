/**
 * Whether a passage holds a gold snippet. Both are compared as sequences of words after Unicode
 * NFC and lower-casing; whitespace and punctuation only separate words ("Hiệp- Ủy" and
 * "Hiệp - Ủy" are the same two words). A passage holds a snippet when
 *
 *   the longest run of consecutive snippet words that also occurs, consecutively, in the passage
 *   is at least half the snippet's words (rounded up).
 *
 * So the whole snippet always counts; a snippet cut in two by a passage boundary counts in the
 * passage holding its larger half; scattered common words never count. A one-word snippet must
 * occur as a word.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of a text as snippet matching compares them (NFC, lower case, punctuation dropped). */
export function matchWords(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(WORD) ?? [];
}

/** Length of the longest run of consecutive words of `snippet` found consecutively in `passage`. */
export function longestCommonRun(passage: readonly string[], snippet: readonly string[]): number {
  // Classic longest-common-substring dynamic programme over words, one row at a time.
  let previous = new Uint16Array(snippet.length + 1);
  let current = new Uint16Array(snippet.length + 1);
  let best = 0;
  for (const word of passage) {
    for (let j = 1; j <= snippet.length; j++) {
      const run = snippet[j - 1] === word ? Math.min(65535, previous[j - 1]! + 1) : 0;
      current[j] = run;
      if (run > best) best = run;
    }
    [previous, current] = [current, previous];
  }
  return best;
}

/** Words of a snippet that must match consecutively for a passage to hold it: half, rounded up. */
export const requiredRun = (snippetWords: number): number => Math.ceil(snippetWords / 2);

/** True when the passage (as {@link matchWords}) holds the snippet, wholly or at least half of it. */
export function holdsSnippet(passageWords: readonly string[], snippet: string): boolean {
  const words = matchWords(snippet);
  if (words.length === 0) return false;
  return longestCommonRun(passageWords, words) >= requiredRun(words.length);
}
