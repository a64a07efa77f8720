import type { HierarchicalNSW } from "hnswlib-node";
import type { IndexDelta } from "./delta.ts";
import type { FileWarning, Passage, ReportMeta, SkippedFile } from "../corpus/mod.ts";
import type { LexicalHit, LexicalIndex, Query } from "../keyword/mod.ts";
import type { Manifest } from "./manifest.ts";
import type { PassageStore } from "./passage-store.ts";
import type { GraphParams, VectorHit } from "./vectors.ts";

/** What the index remembers of a report: enough to cite it and to tell whether it changed. */
export interface DocumentEntry extends ReportMeta {
  id: string;
  file: string;
  contentHash: string;
  passageCount: number;
  /** Number of paragraphs in the cleaned report (for "paragraph 3 of 12"). */
  paragraphCount: number;
  /** Size and modification time of its files when read (see `ReportSource`): unchanged ones are not read again. */
  stamp?: string;
  /** Warnings reading it gave, repeated when a reindex reuses it without reading. */
  warnings?: FileWarning[];
}

/** A passage as stored in the index: `label` is its point in the HNSW graph. */
export interface IndexedPassage extends Omit<Passage, "embedText"> {
  label: number;
}

/**
 * What a search reads of an index: its two searches over the whole index (a base and its delta
 * searched as one), how rare a word is in it, and its passages and reports.
 */
export interface SearchableIndex {
  manifest: Manifest;
  documents: ReadonlyMap<string, DocumentEntry>;
  /** The `k` passages whose vectors are nearest `query`, by label; `efSearch` is the HNSW search breadth. */
  searchVectors(query: Float32Array | number[], k: number, efSearch: number): VectorHit[];
  /** The `limit` best keyword (BM25) matches for `query`; `commonShare`: see `COMMON_TERM_SHARE`. */
  searchKeywords(query: Query, limit: number, options?: { commonShare?: number }): LexicalHit[];
  /** How rare a diacritic-free syllable is among the passages (BM25's IDF). */
  termRarity(foldedTerm: string): number;
  /**
   * The passage at an HNSW label, or `undefined` where the label was freed by a removed report.
   * Each call makes a new object, its text read from the passage file then: it stays readable
   * after the index is closed.
   */
  passageAt(label: number): IndexedPassage | undefined;
  /** The passage with this id, or `undefined` when the index has none. */
  passageById(id: string): IndexedPassage | undefined;
  /**
   * Releases the passage file (the texts are read from it on demand). Call it once nothing searches
   * this index any more; afterwards `passageAt` and `passageById` throw. Idempotent.
   */
  close(): void;
}

/**
 * An index loaded into memory: searchable, and with the parts a build carries over. Treat it as
 * immutable: a reindex builds a new one and the caller swaps the reference, so searches in flight
 * never see a half-updated index.
 */
export interface LoadedIndex extends SearchableIndex {
  /** The generation directory it was loaded from. */
  dir: string;
  /**
   * The base's passages as stored (columns by label, texts as UTF-8): what a build carries over
   * without decoding. With a delta, some of them have left the index (see `delta.removed`).
   */
  passages: PassageStore;
  /** The base's graph. Search through `searchVectors`, which adds the delta's passages. */
  vectors: HierarchicalNSW;
  /** The base's lexical segment. Search through `searchKeywords`, which adds the delta's. */
  lexical: LexicalIndex;
  /** Passages changed since the base was written (see delta.ts); `undefined` when the base is all there is. */
  delta?: IndexDelta;
}

/** Where a (re)index is, for progress messages. */
export interface BuildProgress {
  phase: "scan" | "embed" | "index" | "write" | "done";
  reportsDone: number;
  reportsTotal: number;
  passagesDone: number;
  passagesTotal: number;
  /** Milliseconds since the build started. */
  elapsedMs: number;
  /** Estimated milliseconds left, when the build can tell better than elapsed time alone (a resumed embedding). */
  remainingMs?: number;
}

/** What a (re)index did. */
export interface BuildSummary {
  /** `full` when nothing could be reused (first build, another model, another chunking). */
  kind: "full" | "incremental";
  /** Why a full rebuild was needed, when it was. */
  fullReason?: string;
  /**
   * `delta` when only the changed passages were written, beside the previous generation's base
   * files; `base` when the whole index was written (a first build, or a compaction); `none` when
   * nothing changed since the index in force, which stays in force.
   */
  written?: "base" | "delta" | "none";
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  skipped: SkippedFile[];
  warnings: FileWarning[];
  reports: number;
  passages: number;
  passagesEmbedded: number;
  /** Passages whose vectors were already on disk from an interrupted embedding (not embedded again). */
  resumedPassages?: number;
  /**
   * Passages whose vectors a build without a model kept aside (see ingest/carry-vectors.ts): they
   * are not embedded again when the model is back.
   */
  vectorsKept?: number;
  durationMs: number;
}

/** Where the index lives and how its HNSW graph is built (how it is searched is a search setting). */
export interface IndexConfig {
  dir: string;
  hnsw: GraphParams;
}

/**
 * The graph's defaults, chosen with `npm run bench` at 100k passages: on the bench's hard, nearly
 * uniform vectors, M 48 / efConstruction 400 reach recall@10 0.99 at efSearch 600, where M 32 / 200
 * needed efSearch ≈ 1200; the price is a slower graph build, not a slower search
 * (docs/measurements/2026-11-22-hnsw-parameters.md).
 */
export const HNSW_DEFAULTS = { m: 48, efConstruction: 400 } as const satisfies GraphParams;
