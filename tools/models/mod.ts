/**
 * Generated embedding models for tests, benchmarks and offline development, in place of the real
 * one: a tiny lookup model laid out exactly like Xenova/multilingual-e5-small (XLM-R tokenizer, its
 * files and config keys) that the tests load (`npm run make-test-model`), a stand-in with
 * multilingual-e5-small's exact shape, layout and cost (random weights), and the same lookup with a
 * BERT WordPiece tokenizer, for the bench's index model over a whole corpus's vocabulary.
 */
export { writeTestModel } from "./test-model.ts";
export { writeStandInModel } from "./stand-in-model.ts";
export { readVocabularyText } from "./vocabulary-text.ts";
export { writeXlmRModel } from "./xlm-r-model.ts";
export type { XlmRModelInfo, XlmRModelOptions } from "./xlm-r-model.ts";
export type { StandInModelInfo } from "./types.ts";
