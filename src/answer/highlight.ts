import { splitSentences } from "../corpus/mod.ts";
import type { TextSpan } from "../corpus/mod.ts";
import { lexicalTerms } from "../text/mod.ts";

/**
 * The sentence of `text` that shares most with the question: word pairs count double, because a
 * matching two-syllable word ("dân vận", "công an") says more than two stray syllables. Works on
 * accented and unaccented questions alike, since both forms are compared.
 */
export function bestSentence(text: string, question: string): TextSpan {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return { start: 0, end: text.length };
  const wanted = new Set(lexicalTerms(question));
  let best = sentences[0]!;
  let bestScore = -1;
  for (const span of sentences) {
    const terms = new Set(lexicalTerms(text.slice(span.start, span.end)));
    let score = 0;
    for (const term of terms) if (wanted.has(term)) score += term.includes(" ") ? 2 : 1;
    if (score > bestScore) {
      best = span;
      bestScore = score;
    }
  }
  return best;
}
