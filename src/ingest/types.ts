import type { HierarchicalNSW } from "hnswlib-node";
import type { CorpusScan, Passage } from "../corpus/mod.ts";
import type { BuildProgress, DocumentEntry, LoadedIndex, Manifest, PassageIndex } from "../index/mod.ts";
import type { LexicalIndex } from "../keyword/mod.ts";
import type { BuildOptions } from "./build.ts";
import type { ChangePlan } from "./plan.ts";

/** What the two ways of writing a generation share. */
export interface BuildState {
  options: BuildOptions;
  scan: CorpusScan;
  plan: ChangePlan;
  /** Passages of new or changed reports, to embed. */
  fresh: Passage[];
  /** The new manifest's reports, in scan order. */
  documents: DocumentEntry[];
  progress: (p: Omit<BuildProgress, "elapsedMs">) => void;
}

/** A written generation's parts in memory (with the manifest fields they decide), and the files to list in the manifest. */
export interface Written {
  index: Pick<LoadedIndex, "passages" | "delta"> & {
    /** The base graph and lexical segment: `undefined` for a delta, whose base is the previous index's. */
    base?: Pick<LoadedIndex, "vectors" | "lexical">;
    manifest: Pick<Manifest, "baseId" | "delta"> & { lexicalAverages: readonly number[] };
  };
  manifestFiles: string[];
}

/**
 * The previous index as a build uses it: its base graph and lexical segment, hundreds of MB at
 * 100k passages, are only needed for a compaction (or for the index a delta build returns), so
 * one the build loads itself reads them only then.
 */
export interface Previous extends PassageIndex {
  /** The base lexical segment's average field lengths, which delta passages are scored with. */
  lexicalAverages: readonly number[];
  readVectors(): Promise<HierarchicalNSW>;
  readLexical(): Promise<LexicalIndex>;
  /** Whether the build loaded it (and closes it), rather than the caller. */
  own: boolean;
}
