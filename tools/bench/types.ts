import type { Config } from "../../src/config.ts";
import type { HnswFigures, SweepGrid } from "./hnsw.ts";
import type { LoadProbeResult } from "./load-probe.ts";
import type { Latency } from "./stats.ts";

/** What `npm run bench` is asked to do. */
export interface BenchOptions {
  /** JSONL(.gz) documents; absent: variations of the reports in the seeds directory. */
  corpus?: string;
  /** Passages to index (documents are taken until this many exist). */
  passages: number;
  /** Questions (≥ 500 for a meaningful recall@10). */
  queries: number;
  /** Model whose embedding cost is measured; absent: the generated multilingual-e5-small stand-in. */
  model?: string;
  /** Load onnx/model_quantized.onnx (int8 for the stand-in); false: onnx/model.onnx (fp32). */
  quantized: boolean;
  /** Passages embedded with the cost model to measure its throughput. */
  costSample: number;
  /** Questions embedded with the cost model for its latency. */
  costQueries: number;
  /** Dimensions of the index model (the real model's: 384). */
  dimensions: number;
  /** Documents changed before the reindex that questions are asked during. */
  reindexDocuments: number;
  /** Try a grid of HNSW parameters. */
  sweep?: SweepGrid;
  /** Working directory (temp by default), removed at the end unless `keep`. */
  workDir?: string;
  keep: boolean;
  /** The project configuration: chunking, HNSW, search settings (paths are replaced). */
  config: Config;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

/** Which model a figure was measured with. */
export interface ModelUsed {
  /** "e5-small stand-in (int8)", "lookup test model (384 dims)", or the directory given. */
  label: string;
  dir: string;
  dimensions: number;
}

/** Everything the bench measured. Times in ms unless the name says otherwise. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[]; /** "hnswlib-node: x86-64-v3 build" */ vectorSearchBuild: string };
  models: { cost: ModelUsed; index: ModelUsed & { vocabularySize: number }; standInGeneratedMs?: number };
  corpus: { source: string; documents: number; passages: number; heldOutDocuments: number; queries: number; skippedDocuments: number; badLines: number };
  chunking: { documents: number; passages: number; ms: number; cpuMs: number; documentsPerSecond: number; passagesPerSecond: number };
  embedding: {
    model: string;
    passageThread: "main";
    samplePassages: number;
    tokensPerPassage: number;
    passagesPerSecond: number;
    coresUsed: number;
    /** Time to embed every indexed passage at that rate, in seconds. */
    fullCorpusEstimateSeconds: number;
    query: Latency;
    answerCandidates: Latency;
  };
  indexEmbedding: { model: string; passages: number; ms: number; passagesPerSecond: number };
  hnsw: HnswFigures & { exactLatency: Latency; queries: number };
  sweep?: HnswFigures[];
  lexical: { buildMs: number; latency: Latency };
  hybrid: { excludingEmbedding: Latency; includingEmbedding: Latency; embeddingModel: string };
  index: {
    fullBuildMs: number;
    phasesMs: Record<string, number>;
    files: Record<string, number>;
    totalBytes: number;
    load: LoadProbeResult;
  };
  incremental: {
    changedDocument: string;
    passagesReembedded: number;
    /** What the reindex wrote: a delta beside the previous base, or a whole new base. */
    written: "base" | "delta" | "none";
    /** Reindex with the index in force in memory (as the bot does). */
    ms: number;
    phasesMs: Record<string, number>;
    /** Reindex reading the previous index from disk (as `npm run index` does). */
    fromDiskMs: number;
    /** Embedding that document's passages with the cost model. */
    documentEmbeddingMs: number;
  };
  responsiveness: {
    /** Where the reindex ran: the service's child process, as in the bot. */
    reindex: "child process";
    /** The longest pause of the service's event loop during the reindex. */
    longestPauseMs: number;
    idle: Latency;
    duringReindex: Latency;
    ratio: number;
    reindexMs: number;
    reindexPassages: number;
  };
  targets: { name: string; target: string; value: string; met: boolean }[];
}
