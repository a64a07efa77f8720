import type { AnswerConfig } from "../config.ts";
import { DEFAULT_SOURCE_OPTIONS } from "./sources.ts";
import type { SourceOptions } from "./sources.ts";
import type { VerdictThresholds } from "./verdict.ts";

/** The verdict boundaries and source options the ANSWER_* / NOT_FOUND_* / SOURCE_* settings give. */
export function answerSettings(config: AnswerConfig): { thresholds: VerdictThresholds; sources: SourceOptions } {
  return {
    thresholds: {
      answeredCoverage: config.minCoverage,
      notFoundCoverage: config.notFoundCoverage,
      notFoundLexical: config.notFoundLexical,
      notFoundDense: config.notFoundDense,
    },
    sources: { ...DEFAULT_SOURCE_OPTIONS, relativeCut: config.relativeCut, windowChars: config.windowChars },
  };
}
