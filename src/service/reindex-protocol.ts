/**
 * The messages between the service and its reindex process (see reindex-process.ts for the parent
 * side, reindex-child.ts for the child). Everything travels over Node's IPC channel with the
 * "advanced" (structured clone) serialisation, so vectors cross as Float32Arrays, not JSON.
 */
import type { CorpusConfig } from "../corpus/mod.ts";
import type { EmbeddingConfig } from "../embed/mod.ts";
import type { IndexConfig } from "../index/mod.ts";
import type { BuildProgress, BuildSummary } from "../index/mod.ts";
import type { Reason } from "../read/mod.ts";

/**
 * An ES module the reindex process imports to make its embedder: it calls the export `name`
 * (default `createEmbedder`) with `options` and awaits an `Embedder`. For benchmarks and tests that
 * open the service with an embedder of their own making; the embedder it makes must have the same
 * `modelId` and `dimensions` as the service's, or the reindex fails before it starts.
 */
export interface EmbedderModule {
  /** Absolute path or file:// URL of the module (.ts works: the process runs with tsx). */
  module: string;
  /** The exported factory (default `createEmbedder`). */
  name?: string;
  /** Plain, structured-cloneable data handed to the factory. */
  options?: unknown;
}

/** Where the reindex process gets its embedder. */
export type ChildEmbedderSource =
  /** `loadEmbedder(embedding)` with the service's own embedding settings: the bot's case. */
  | { kind: "config" }
  /** A module's factory (see {@link EmbedderModule}). */
  | { kind: "module"; spec: EmbedderModule }
  /**
   * The parent embeds passages for the child over IPC: for a service opened with an injected
   * embedder and no module, so the child uses exactly that embedder (tests hold or fail it).
   */
  | { kind: "parent" }
  /** No model (keyword search only): the build stores passages and keywords, no vectors. */
  | { kind: "none" };

/** The one job the parent gives a fresh reindex process: the already-parsed config slices it needs. */
export interface ReindexJob {
  /**
   * `build`: read the reports and update the index (the usual reindex). `fill`: embed the passages
   * of the keyword-only index in force, resuming from its checkpoint, and write it with vectors.
   * Default `build`.
   */
  task?: "build" | "fill";
  corpus: CorpusConfig;
  index: IndexConfig;
  embedding: EmbeddingConfig;
  embedder: ChildEmbedderSource;
  /** The service's model: the child's embedder must be the same, or its vectors could not be mixed with the index's. */
  model: { id: string; dimensions: number };
  /** The generation the parent serves (the build reuses its vectors); unreadable → the one in force on disk. */
  previousDir?: string;
  /** The nice value for every thread of the child (the parent also sets it on the main thread at once). */
  nice: number;
}

/** Parent → child. */
export type ParentMessage =
  | { type: "start"; job: ReindexJob }
  /** Stop at the build's next check; the build removes its unfinished generation itself. */
  | { type: "abort" }
  /** The answer to an {@link ChildMessage} `embed` request (`parent` embedder only). */
  | { type: "vectors"; id: number; vectors: Float32Array[] }
  | { type: "embed-failed"; id: number; name: string; message: string; reason: Reason };

/** Child → parent. */
export type ChildMessage =
  | { type: "progress"; progress: BuildProgress }
  /** `parent` embedder only: please embed these passages. */
  | { type: "embed"; id: number; texts: string[] }
  /** The new generation is written and in force on disk; the parent loads it from `dir`. */
  | { type: "done"; dir: string; summary: BuildSummary }
  /**
   * The build failed (or was aborted: `name` "AbortError"); the index in force is unchanged.
   * `reason` is why, worked out here from the error itself (its class, its system error code), as
   * the English message alone could not be shown in the admin's language.
   */
  | { type: "failed"; name: string; message: string; reason: Reason };
