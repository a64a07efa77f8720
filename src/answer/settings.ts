import { DEFAULT_MEANING_OPTIONS } from "./rerank.ts";
import type { MeaningOptions } from "./rerank.ts";
import { DEFAULT_SOURCE_OPTIONS } from "./sources.ts";
import type { SourceOptions } from "./sources.ts";
import { DEFAULT_VERDICT_THRESHOLDS } from "./verdict.ts";
import type { VerdictThresholds } from "./verdict.ts";

/**
 * How an answer is drawn from the ranked passages: the verdict boundaries and the sources shown
 * (ANSWER_MIN_COVERAGE, NOT_FOUND_MAX_*, SOURCE_*; measured in docs/measurements/2026-12-02-verdicts.md)
 * and how much the loaded model's sense of meaning reorders the answer candidates (ANSWER_MEANING_WEIGHT).
 */
export interface AnswerConfig {
  /** `answered` needs the answer sentence, with its neighbours, to hold this share of the question's weighted words. */
  minCoverage: number;
  /** `not_found` only when the answer sentence holds less than this share… */
  notFoundCoverage: number;
  /** …the best lexical relevance is below this… */
  notFoundLexical: number;
  /** …and the best dense similarity below this (model-specific). */
  notFoundDense: number;
  /** Passages below this share of the best one's score are left for "more results". */
  relativeCut: number;
  /** Longest source window, in characters. */
  windowChars: number;
  /** See {@link MeaningOptions.weight}; 0 leaves the answer sentence to the words alone. */
  meaningWeight: number;
}

export const ANSWER_DEFAULTS: AnswerConfig = {
  minCoverage: DEFAULT_VERDICT_THRESHOLDS.answeredCoverage,
  notFoundCoverage: DEFAULT_VERDICT_THRESHOLDS.notFoundCoverage,
  notFoundLexical: DEFAULT_VERDICT_THRESHOLDS.notFoundLexical,
  notFoundDense: DEFAULT_VERDICT_THRESHOLDS.notFoundDense,
  relativeCut: DEFAULT_SOURCE_OPTIONS.relativeCut,
  windowChars: DEFAULT_SOURCE_OPTIONS.windowChars,
  meaningWeight: DEFAULT_MEANING_OPTIONS.weight,
};

/** The verdict boundaries and source options an {@link AnswerConfig} gives. */
export function answerSettings(config: AnswerConfig): { thresholds: VerdictThresholds; sources: SourceOptions; meaning: MeaningOptions } {
  return {
    thresholds: {
      answeredCoverage: config.minCoverage,
      notFoundCoverage: config.notFoundCoverage,
      notFoundLexical: config.notFoundLexical,
      notFoundDense: config.notFoundDense,
    },
    sources: { ...DEFAULT_SOURCE_OPTIONS, relativeCut: config.relativeCut, windowChars: config.windowChars },
    meaning: { ...DEFAULT_MEANING_OPTIONS, weight: config.meaningWeight },
  };
}
