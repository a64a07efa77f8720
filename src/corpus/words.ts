/**
 * Word counting for passage sizes. Vietnamese writes one syllable per whitespace-separated token
 * ("công tác dân vận" is four), so sizes are counted in syllables: the unit the embedding model's
 * tokenizer sees most directly, and the same rule works for English.
 */

const HAS_WORD = /[\p{L}\p{N}]/u;

/** The number of whitespace-separated tokens holding a letter or digit (a lone "-" or "–" does not count). */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/)) if (HAS_WORD.test(token)) n++;
  return n;
}
