/**
 * The embedding stage: text → unit vectors with a local transformers.js model, plus the tiny
 * generated model that tests and offline development use in place of the real one.
 */
export { loadEmbedder } from "./embedder.ts";
export { EmbedderLoadError } from "./load-error.ts";
export { choosePrefixes, type Prefixes } from "./prefixes.ts";
export { writeTestModel } from "./test-model.ts";
export { readVocabularyText } from "./vocabulary-text.ts";
export type { Embedder, TestModelInfo, TestModelOptions } from "./types.ts";
