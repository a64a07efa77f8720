import type { Hit, SearchConfig } from "./types.ts";

/** The settings the "not found" decision reads. */
export type RelevanceSettings = Pick<SearchConfig, "mode" | "minDenseScore" | "minLexicalScore" | "minAgreedLexicalScore">;

/** Why a question counts as answered, or `none` when it does not. */
export type Verdict = "lexical" | "dense" | "agreement" | "none";

/** A passage both retrievers rank this high or higher counts as their agreement. */
const AGREEMENT_RANK = 3;

/**
 * Decides whether the reports answer the question, from the best hits (the first `topK`), and
 * says on which evidence. Either signal suffices, since each covers what the other misses:
 * - `lexical`: the best lexical relevance (the IDF-weighted share of the question's words and word
 *   pairs a passage holds) reaches `minLexicalScore`. It means the same whatever the model, so its
 *   default is measured (on XQuAD-vi with a third of the articles held out of the index);
 * - `dense`: the best cosine similarity reaches `minDenseScore`, which rescues paraphrases and
 *   questions in another language. Cosine scales differ between models, so this threshold belongs
 *   to the model and must be re-measured when the model changes (docs/evaluation.md says how);
 * - `agreement` (hybrid only): the two retrievers, which fail in different ways, independently rank
 *   the same passage near the top — one's first among the other's first three — and the
 *   lexical relevance reaches at least `minAgreedLexicalScore`: much less lexical evidence
 *   suffices when the dense side confirms it.
 * In dense-only or lexical-only mode only that signal counts.
 */
export function judgeRelevance(hits: readonly Hit[], settings: RelevanceSettings): Verdict {
  if (hits.length === 0) return "none";
  const useLexical = settings.mode !== "dense";
  const useDense = settings.mode !== "lexical";
  const bestLexical = Math.max(...hits.map((h) => h.lexical ?? 0));
  const bestDense = Math.max(...hits.map((h) => h.dense ?? -1));
  if (useLexical && bestLexical >= settings.minLexicalScore) return "lexical";
  if (useDense && bestDense >= settings.minDenseScore) return "dense";
  if (useLexical && useDense && bestLexical >= settings.minAgreedLexicalScore) {
    const agreed = hits.some(
      (h) =>
        (h.lexicalRank === 1 && h.denseRank !== undefined && h.denseRank <= AGREEMENT_RANK) ||
        (h.denseRank === 1 && h.lexicalRank !== undefined && h.lexicalRank <= AGREEMENT_RANK),
    );
    if (agreed) return "agreement";
  }
  return "none";
}

/** Whether the best hits are relevant enough to count as an answer (see {@link judgeRelevance}). */
export function isAnswered(hits: readonly Hit[], settings: RelevanceSettings): boolean {
  return judgeRelevance(hits, settings) !== "none";
}
