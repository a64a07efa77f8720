import type { ScoredSentence } from "./answer-sentences.ts";

/** Optional sentence similarities from a real embedding model: one cosine per text, same order. */
export type SentenceSimilarity = (texts: readonly string[]) => Promise<number[]>;

/** How the embedding model reorders the answer candidates. Defaults in {@link DEFAULT_MEANING_OPTIONS}. */
export interface MeaningOptions {
  /**
   * The most sentences the model reads (each costs one short embedding): the best-ranked ones
   * within `weight` of the best, the only ones that meaning could move to the top.
   */
  candidates: number;
  /**
   * What the closest in meaning among them gains in rank, the farthest nothing, the rest in
   * proportion: the model's cosines differ by a few hundredths between sentences, so only their
   * order among the candidates is comparable with the word scores.
   */
  weight: number;
}

/**
 * The weight lets the model decide between sentences whose words score alike (a few tenths apart)
 * without overruling a sentence that holds clearly more of the question. Not measured against a
 * real model: none can be downloaded where this was written. What eight sentences cost, and what
 * the generated test model does with it: docs/measurements/2026-12-02-answer-meaning.md.
 */
export const DEFAULT_MEANING_OPTIONS: MeaningOptions = { candidates: 8, weight: 0.3 };

/**
 * Reorders the best `eligible` sentences, those within `options.weight` of the best one (at most
 * `options.candidates`), by their similarity in meaning to the question (`similarity`, from the
 * loaded embedding model), added to their rank as described in {@link MeaningOptions.weight}. A
 * paraphrased question ("Ai qua đời…" against "…mất năm…") shares few words with its answer: word
 * scores alone rank that sentence second. When the best sentence leads by more than the weight,
 * nothing is embedded. When some of them hold what the question asks for (a number, a date, a
 * name), only those gain. Sentences outside the candidates keep their rank; the result is sorted again.
 * When meaning changes nothing (no candidates to weigh, or the model finds them all alike), `ranked`
 * itself is returned.
 */
export async function rerankByMeaning(
  ranked: readonly ScoredSentence[],
  similarity: SentenceSimilarity,
  eligible: (s: ScoredSentence) => boolean,
  options: MeaningOptions = DEFAULT_MEANING_OPTIONS,
): Promise<readonly ScoredSentence[]> {
  const best = ranked.find(eligible);
  if (best === undefined || options.weight === 0) return ranked;
  const candidates = ranked.filter((s) => eligible(s) && s.rank >= best.rank - options.weight).slice(0, options.candidates);
  if (candidates.length < 2) return ranked;
  const cosines = await similarity(candidates.map((s) => s.text));
  const low = Math.min(...cosines);
  const spread = Math.max(...cosines) - low;
  if (!(spread > 0)) return ranked;
  // The model does not know that "bao nhiêu" wants a number: when a candidate holds what the
  // question asks for, one that does not gains nothing from meaning.
  const typed = candidates.some((s) => s.scored.kindMatched === true);
  const gain = new Map(candidates.map((s, i) => [s, typed && s.scored.kindMatched === false ? 0 : (options.weight * (cosines[i]! - low)) / spread]));
  return ranked
    .map((s) => {
      const g = gain.get(s);
      return g === undefined ? s : { ...s, rank: s.rank + g };
    })
    .sort((a, b) => b.rank - a.rank || a.hit - b.hit || a.span.start - b.span.start);
}
