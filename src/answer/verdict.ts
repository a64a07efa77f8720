import type { Hit, Verdict as Evidence } from "../search/mod.ts";

/**
 * What the reader is told about the reports and the question:
 * - `answered`: the reports answer it; the answer sentence is shown as the answer;
 * - `uncertain`: something relevant was found but it may not answer; the closest passages are
 *   shown under "I am not sure the reports answer this";
 * - `not_found`: nothing relevant; the reader is told so and pointed to /sources.
 */
export type AnswerVerdict = "answered" | "uncertain" | "not_found";

/** The evidence a verdict is decided on. */
export interface VerdictSignals {
  /** The search's own decision and its evidence (`none` when nothing passed its thresholds). */
  search: Evidence;
  /** Best lexical relevance among the top passages (0–1). */
  lexical: number;
  /** Best dense similarity among the top passages (model-specific scale; −1 when none). */
  dense: number;
  /** The weighted share of the question's words the answer sentence holds with its neighbours (0–1; 0 when there is none). */
  coverage: number;
  /** Whether the answer sentence holds what the question asks for (`undefined` when it does not ask). */
  kindMatched?: boolean;
}

/**
 * The boundaries between the verdicts (ANSWER_* settings). Measured, not guessed: see
 * `docs/measurements/2026-12-02-verdicts.md` for the distributions they were read from.
 */
export interface VerdictThresholds {
  /** `answered` needs the answer sentence to hold at least this share of the question's words… */
  answeredCoverage: number;
  /** …`not_found` needs every signal below its floor: the answer sentence's share of the question… */
  notFoundCoverage: number;
  /** …the best lexical relevance… */
  notFoundLexical: number;
  /** …and the best dense similarity (model-specific, like MIN_DENSE_SCORE). */
  notFoundDense: number;
}

export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = { answeredCoverage: 0.5, notFoundCoverage: 0.1, notFoundLexical: 0.02, notFoundDense: 0.75 };

/** The signals of a search and its answer sentence (see {@link decideVerdict}). */
export function verdictSignals(search: Evidence | undefined, hits: readonly Hit[], coverage: number, kindMatched?: boolean): VerdictSignals {
  return {
    search: search ?? "none",
    lexical: Math.max(0, ...hits.map((h) => h.lexical ?? 0)),
    dense: Math.max(-1, ...hits.map((h) => h.dense ?? -1)),
    coverage,
    kindMatched,
  };
}

/**
 * Decides the verdict. `answered` when the search found the reports relevant (its own thresholds),
 * the answer sentence holds at least `answeredCoverage` of the question's words, and — when the
 * question asks for a number, a date, a person or a place — the sentence holds one. `not_found`
 * only when every signal is weak: a wrong "not found" hides an answer the reader needed, so
 * anything in between is `uncertain` and shows the closest passages with a warning.
 */
export function decideVerdict(s: VerdictSignals, t: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS, hasHits = true): AnswerVerdict {
  if (!hasHits) return "not_found";
  if (s.search !== "none" && s.coverage >= t.answeredCoverage && s.kindMatched !== false) return "answered";
  if (s.coverage < t.notFoundCoverage && s.lexical < t.notFoundLexical && s.dense < t.notFoundDense) return "not_found";
  return "uncertain";
}
