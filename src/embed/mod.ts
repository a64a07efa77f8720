/**
 * The embedding stage: text → unit vectors with a local transformers.js model. The generated
 * models that tests and benchmarks use in place of the real one are in `tools/models/`.
 */
export { loadEmbedder } from "./embedder.ts";
export { EmbedderLoadError } from "./load-error.ts";
export { NO_MODEL, keywordOnlyEmbedder } from "./keyword-only.ts";
export { choosePrefixes } from "./prefixes.ts";
export { similarityTo } from "./similarity.ts";
export { ModelPackError, packModel, unpackModel } from "./model-pack.ts";
export type { PackedFile, UnpackResult } from "./model-pack.ts";
export { EMBEDDING_DEFAULTS } from "./types.ts";
export type { Embedder, EmbeddingConfig } from "./types.ts";
