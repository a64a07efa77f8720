/**
 * The embedding stage: text → unit vectors with a local transformers.js model, plus the tiny
 * generated models that tests, benchmarks and offline development use in place of the real one
 * (a tiny lookup model, and a stand-in with multilingual-e5-small's exact shape and cost).
 */
export { loadEmbedder } from "./embedder.ts";
export { EmbedderLoadError } from "./load-error.ts";
export { NO_MODEL, keywordOnlyEmbedder } from "./keyword-only.ts";
export { choosePrefixes, type Prefixes } from "./prefixes.ts";
export { CHECKSUMS, ModelPackError, packModel, unpackModel, type PackedFile, type UnpackResult } from "./model-pack.ts";
export { writeTestModel } from "./test-model.ts";
export { E5_SMALL_SHAPE, E5_SMALL_VOCAB_ROWS, writeStandInModel } from "./stand-in-model.ts";
export { readVocabularyText } from "./vocabulary-text.ts";
export type { Embedder, EmbedderOptions, StandInModelInfo, StandInModelOptions, TestModelInfo, TestModelOptions } from "./types.ts";
