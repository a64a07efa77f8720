import type { HierarchicalNSW } from "hnswlib-node";
import type { IndexDelta } from "./delta.ts";
import type { Passage, ReportMeta, SkippedFile } from "../corpus/mod.ts";
import type { LexicalIndex } from "../keyword/mod.ts";
import type { Manifest } from "./manifest.ts";
import type { PassageStore } from "./passage-store.ts";

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
  warnings?: string[];
}

/** A passage as stored in the index: `label` is its point in the HNSW graph. */
export interface IndexedPassage extends Omit<Passage, "embedText"> {
  label: number;
}

/**
 * An index loaded into memory and ready to search. Treat it as immutable: a reindex builds a new
 * one and the caller swaps the reference, so searches in flight never see a half-updated index.
 */
export interface LoadedIndex {
  /** The generation directory it was loaded from. */
  dir: string;
  manifest: Manifest;
  /**
   * The passage at an HNSW label, or `undefined` where the label was freed by a removed report.
   * Each call makes a new object, its text read from the passage file then: it stays readable
   * after the index is closed.
   */
  passageAt(label: number): IndexedPassage | undefined;
  /** The passage with this id, or `undefined` when the index has none. */
  passageById(id: string): IndexedPassage | undefined;
  /**
   * The base's passages as stored (columns by label, texts as UTF-8): what a build carries over
   * without decoding. With a delta, some of them have left the index (see `delta.removed`).
   */
  passages: PassageStore;
  documents: ReadonlyMap<string, DocumentEntry>;
  /** The base's graph. Search through `searchIndexVectors`, which adds the delta's passages. */
  vectors: HierarchicalNSW;
  /** The base's lexical segment. Search through `searchIndexLexical`, which adds the delta's. */
  lexical: LexicalIndex;
  /** Passages changed since the base was written (see delta.ts); `undefined` when the base is all there is. */
  delta?: IndexDelta;
  /**
   * Releases the passage file (the texts are read from it on demand). Call it once nothing searches
   * this index any more; afterwards `passageAt` and `passageById` throw. Idempotent.
   */
  close(): void;
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
   * files; `base` when the whole index was written (a first build, or a compaction).
   */
  written?: "base" | "delta";
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  skipped: SkippedFile[];
  warnings: string[];
  reports: number;
  passages: number;
  passagesEmbedded: number;
  /** Passages whose vectors were already on disk from an interrupted embedding (not embedded again). */
  resumedPassages?: number;
  durationMs: number;
}
