/**
 * The index stage: passages and their vectors, persisted as generations under `embeddings/index/`.
 *
 * Commonly used: {@link buildIndex} (build or update incrementally, then switch atomically) and
 * {@link loadIndex} (load the index in force). Searching lives in `../search/`.
 */
export { buildGeneration, buildIndex, modelFingerprint } from "./build.ts";
export type { BuildOptions } from "./build.ts";
export { loadIndex, loadGeneration, loadServingIndex } from "./load.ts";
export type { ServingIndex } from "./load.ts";
export type { LoadOptions } from "./load.ts";
export { incompatibility } from "./compatibility.ts";
export { IndexError, REBUILD_HINT } from "./errors.ts";
export type { IndexErrorKind } from "./errors.ts";
export { BUILD_LOCK, currentGeneration, hasIndex } from "./generations.ts";
export { SCHEMA_VERSION } from "./manifest.ts";
export type { Manifest } from "./manifest.ts";
export { createVectorIndex, putVector, searchVectors } from "./vectors.ts";
export type { GraphParams, VectorHit } from "./vectors.ts";
export { LEXICAL_VERSION, foldedTermRarity, searchLexical } from "./lexical.ts";
export { indexTermRarity, searchIndexLexical, searchIndexVectors } from "./search-index.ts";
export type { IndexDelta } from "./delta.ts";
export type { LexicalIndex } from "./lexical.ts";
export type { BuildProgress, BuildSummary, DocumentEntry, IndexedPassage, LoadedIndex } from "./types.ts";
