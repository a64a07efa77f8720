/**
 * The answer stage: ranked passages → a cited, extractive answer as plain data (the passages in
 * rank order, each with its citation and the sentence that best answers). Rendering it for
 * Telegram or the terminal lives in `../render/`.
 *
 * Commonly used: {@link composeAnswer}.
 */
export { composeAnswer, citationOf } from "./compose.ts";
export type { AnswerPage } from "./compose.ts";
export { bestSentence } from "./highlight.ts";
export type { Answer, AnswerItem, Citation } from "./types.ts";

// The answer as data: answer sentences, sources grouped by report, the verdict.
export { extractAnswer, extractMore } from "./extract.ts";
export type { AnswerData, AnswerSentence, ExtractOptions } from "./extract.ts";
export { decideVerdict, verdictSignals, DEFAULT_VERDICT_THRESHOLDS } from "./verdict.ts";
export type { AnswerVerdict, VerdictSignals, VerdictThresholds } from "./verdict.ts";
export { groupSources, mergeTouching, windowAround, DEFAULT_SOURCE_OPTIONS } from "./sources.ts";
export type { SourceGroup, SourceOptions, SourceWindow } from "./sources.ts";
export { rankSentences, pickAnswerSentences, clauseSpan, DEFAULT_SENTENCE_OPTIONS } from "./answer-sentences.ts";
export type { ScoredSentence, SentenceOptions } from "./answer-sentences.ts";
export { rerankByMeaning, DEFAULT_MEANING_OPTIONS } from "./rerank.ts";
export type { MeaningOptions, SentenceSimilarity } from "./rerank.ts";
export { scoreSentence, scoringQuestion } from "./sentence-scorer.ts";
export type { ScoringQuestion, SentenceScore, TermRarity } from "./sentence-scorer.ts";
export { questionIntent, holdsKind, countsWhatWasAsked } from "./question-intent.ts";
export type { AnswerKind, QuestionIntent } from "./question-intent.ts";
export { isKeywordQuery } from "./query-form.ts";
export { answerSettings, ANSWER_DEFAULTS } from "./settings.ts";
export type { AnswerConfig } from "./settings.ts";
