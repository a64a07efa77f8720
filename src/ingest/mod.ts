/**
 * The ingest stage: reports → a new index generation, built incrementally (only new or changed
 * reports are read and embedded; a small change is written as a delta) and switched to atomically.
 *
 * Commonly used: {@link buildIndex} (build, then load the result) and {@link buildGeneration}
 * (build only, for a caller that loads it itself).
 */
export { buildGeneration, buildIndex, deltaLimit } from "./build.ts";
export type { BuildOptions } from "./build.ts";
export { isKeywordOnly, modelFingerprint } from "./previous.ts";
export { CHECKPOINT_PASSAGES, checkpointDir, fillVectors } from "./fill-vectors.ts";
export type { FillOptions } from "./fill-vectors.ts";
