/**
 * The embedding stage: text → unit vectors with a local transformers.js model. The generated
 * models that tests and benchmarks use in place of the real one are in `tools/models/`.
 */
export { loadEmbedder } from "./embedder.ts";
export { EmbedderLoadError } from "./load-error.ts";
export { NO_MODEL, keywordOnlyEmbedder } from "./keyword-only.ts";
export { choosePrefixes, type Prefixes } from "./prefixes.ts";
export { CHECKSUMS, ModelPackError, packModel, unpackModel, type PackedFile, type UnpackResult } from "./model-pack.ts";
export type { Embedder, EmbedderOptions } from "./types.ts";
