/**
 * Generated embedding models for tests, benchmarks and offline development, in place of the real
 * one: a tiny lookup model (`npm run make-test-model`), the same lookup laid out exactly like
 * Xenova/multilingual-e5-small (XLM-R tokenizer, its files and config keys), and a stand-in with
 * multilingual-e5-small's exact shape and cost (random weights).
 */
export { writeTestModel } from "./test-model.ts";
export { writeStandInModel } from "./stand-in-model.ts";
export { readVocabularyText } from "./vocabulary-text.ts";
export { writeXlmRModel } from "./xlm-r-model.ts";
export type { XlmRModelInfo, XlmRModelOptions } from "./xlm-r-model.ts";
export type { StandInModelInfo } from "./types.ts";
