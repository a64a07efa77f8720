/**
 * Word counting for passage sizes. Vietnamese writes one syllable per whitespace-separated token
 * ("công tác dân vận" is four), so sizes are counted in syllables: the unit the embedding model's
 * tokenizer sees most directly, and the same rule works for English.
 */

const HAS_WORD = /[\p{L}\p{N}]/u;

/** The number of whitespace-separated tokens holding a letter or digit (a lone "-" or "–" does not count). */
export function countWords(text: string): number {
  // A scan by character codes: splitting every passage into token strings costs a tenth of a first
  // build. Most tokens show an ASCII letter or digit at once; only the others are tested whole.
  let n = 0;
  let start = -1;
  let counted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isSpace(c)) {
      if (start >= 0 && !counted && HAS_WORD.test(text.slice(start, i))) n++;
      start = -1;
      counted = false;
    } else {
      if (start < 0) start = i;
      if (!counted && ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122))) {
        counted = true;
        n++;
      }
    }
  }
  return n;
}

/** What `\s` matches in a regular expression. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}
