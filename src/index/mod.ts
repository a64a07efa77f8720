/**
 * The index stage: passages, their vectors and keyword segments, persisted as generations under
 * `embeddings/index/` (a base, optionally a delta beside it), loaded for searching.
 *
 * Commonly used: {@link loadIndex} (load the index in force), which searches read through
 * {@link SearchableIndex}. Building lives in `../ingest/`, ranking in `../search/`. The storage parts below are what the ingest stage writes with.
 */
export { loadIndex, loadGeneration, loadServingIndex } from "./load.ts";
export { incompatibility } from "./compatibility.ts";
export { IndexError } from "./errors.ts";
export type { IndexErrorKind } from "./errors.ts";
export { BUILD_LOCK, currentGeneration } from "./generations.ts";
export { SCHEMA_VERSION } from "./manifest.ts";
export type { Manifest } from "./manifest.ts";
export { searchVectors } from "./vectors.ts";
export { HNSW_DEFAULTS } from "./types.ts";
export type { BuildProgress, BuildSummary, DocumentEntry, IndexConfig, IndexedPassage, LoadedIndex, SearchableIndex } from "./types.ts";

// Storage, for the ingest stage
export { acquireBuildLock, createGeneration, removeOldGenerations, switchGeneration } from "./generations.ts";
export { assembleIndex, loadGenerationPassages, newestFirst, readBaseLexical, readBaseVectors } from "./load.ts";
export { currentPointer } from "./generations.ts";
export { fileChecksums, sealedJson } from "./checksums.ts";
export type { PassageIndex } from "./load.ts";
export { allTexts, closePassageStore, documentAt, encodePassageStore, labelCount, openPassageStore, passageAt, passageIdAt, readPassageStore } from "./passage-store.ts";
export type { PassageRow, PassageStore } from "./passage-store.ts";
export { BASE_FILES, FILES } from "./files.ts";
export { createVectorIndex, putVector, readVectorIndex, unitVector, writeVectorIndex } from "./vectors.ts";
export { deltaManifest, makeDelta, shareBaseFiles, writeDelta } from "./delta.ts";
