/**
 * Term proximity for lexical candidates. BM25 credits each question word wherever it occurs in a
 * passage; a passage where the question's words sit together — usually in the sentence that
 * answers — is a better answer than one where they are scattered over unrelated sentences.
 * Measured with `npm run eval` (lexical, 20-syllable window): XQuAD-vi doc@1 0.929 → 0.934 at
 * weight 0.1 or 0.2 (0.929 → 0.933 typed without diacritics), less at 0.5 and 1; on seeds-dev
 * 0.2 cost one question its first-place passage and 0.1 none, so the default is 0.1.
 */
import { foldedWords } from "../text/mod.ts";

/** Syllables in the window: about one long Vietnamese sentence. */
export const PROXIMITY_WINDOW = 20;

/**
 * The largest share of the question's distinct terms, each weighted by `rarity`, that occurs
 * inside one window of `window` consecutive words of `passageText`, in [0, 1]. The terms are
 * expected as {@link foldedWords} gives them (lower case, no diacritics), so a question typed on a
 * phone scores the same.
 */
export function proximityScore(
  questionTerms: readonly string[],
  passageText: string,
  rarity: (term: string) => number,
  window = PROXIMITY_WINDOW,
): number {
  const weights = new Map<string, number>();
  for (const term of questionTerms) if (!weights.has(term)) weights.set(term, rarity(term));
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total <= 0) return 0;

  const syllables = foldedWords(passageText);
  const inWindow = new Map<string, number>();
  let held = 0;
  let best = 0;
  for (let i = 0; i < syllables.length; i++) {
    const entering = syllables[i]!;
    const w = weights.get(entering);
    if (w !== undefined) {
      const count = inWindow.get(entering) ?? 0;
      if (count === 0) held += w;
      inWindow.set(entering, count + 1);
    }
    if (i >= window) {
      const leaving = syllables[i - window]!;
      const lw = weights.get(leaving);
      if (lw !== undefined) {
        const count = inWindow.get(leaving)! - 1;
        inWindow.set(leaving, count);
        if (count === 0) held -= lw;
      }
    }
    if (held > best) best = held;
  }
  return Math.min(1, best / total);
}
