/**
 * Rejoins Vietnamese syllables a PDF split in two. Word and some printers place the letters of a
 * syllable with stacked marks as separate pieces, and extraction puts a space between them:
 * "ĐIỀ U KHO ẢN". Two neighbouring words are joined when together they form a well-formed syllable
 * and apart one of them does not ("ĐIỀ" cannot be a syllable), or when the joined word occurs
 * more often in the document than the second half does on its own ("khoản" vs "ản").
 */
import { isVietnameseSyllable } from "./syllable.ts";

const LETTERS = /^\p{L}+$/u;

/** How often each word (lower case) occurs in `texts`: the evidence for joins across a whole document. */
export function wordCounts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of text.toLowerCase().split(/[^\p{L}]+/u)) if (w !== "") counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * `text` with split syllables rejoined, and how many joins were made. `counts` are the word counts
 * of the whole document (default: of `text` alone).
 */
export function rejoinSplitSyllables(text: string, counts: ReadonlyMap<string, number> = wordCounts([text])): { text: string; rejoined: number } {
  const count = (w: string) => counts.get(w.toLowerCase()) ?? 0;
  let rejoined = 0;
  const lines = text.split("\n").map((line) => {
    const words = line.split(" ");
    const out: string[] = [];
    for (const word of words) {
      const prev = out[out.length - 1];
      // A lone letter after a number is a unit ("300 g hàng"), not half of a syllable.
      const unit = prev?.length === 1 && /\d$/.test(out[out.length - 2] ?? "");
      if (prev !== undefined && !unit && shouldJoin(prev, word, count)) {
        out[out.length - 1] = prev + word;
        rejoined++;
      } else out.push(word);
    }
    return out.join(" ");
  });
  return { text: lines.join("\n"), rejoined };
}

function shouldJoin(a: string, b: string, count: (w: string) => number): boolean {
  if (!LETTERS.test(a) || !LETTERS.test(b)) return false;
  // "ĐIỀ U" and "Điề u" join; "Hà Nội" (a capital after a lower-case letter) never does.
  if (b[0] !== b[0]!.toLowerCase() && a !== a.toUpperCase()) return false;
  const joined = a + b;
  // Only syllables with a Vietnamese letter: English words split at a space are none of this.
  if (/^[a-z]+$/i.test(joined) || !isVietnameseSyllable(joined)) return false;
  if (!isVietnameseSyllable(a) || !isVietnameseSyllable(b)) return true;
  return count(joined) >= 2 && count(joined) > count(b);
}
