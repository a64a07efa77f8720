import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import type { CorpusConfig, EmbeddingConfig, IndexConfig } from "../config.ts";
import { chunkReport, scanCorpus } from "../corpus/mod.ts";
import type { CorpusScan, Passage, Report, ReportSource } from "../corpus/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { acquireBuildLock, createGeneration, currentGeneration, removeOldGenerations, switchGeneration } from "./generations.ts";
import { LEXICAL_VERSION, buildLexical, serializeLexical, updateLexical } from "./lexical.ts";
import { assembleIndex, loadGeneration } from "./load.ts";
import { SCHEMA_VERSION } from "./manifest.ts";
import { allTexts, closePassageStore, documentAt, encodePassageStore, labelCount, passageIdAt, readPassageStore } from "./passage-store.ts";
import type { PassageRow, PassageStore } from "./passage-store.ts";
import { incompatibility } from "./compatibility.ts";
import type { Manifest } from "./manifest.ts";
import { FILES } from "./files.ts";
import type { BuildProgress, BuildSummary, DocumentEntry, IndexedPassage, LoadedIndex } from "./types.ts";
import { createVectorIndex, putVector, readVectorIndex, writeVectorIndex } from "./vectors.ts";

/** What a build needs: the settings of the stages it drives, and the embedder to use. */
export interface BuildOptions {
  corpus: CorpusConfig;
  index: IndexConfig;
  embedding: Pick<EmbeddingConfig, "quantized" | "queryPrefix" | "passagePrefix">;
  embedder: Embedder;
  /**
   * The index in use, if the caller has one loaded; otherwise the current generation on disk is
   * loaded (and a missing or unreadable one just means a full build).
   */
  previous?: LoadedIndex;
  onProgress?: (progress: BuildProgress) => void;
  /** Aborting stops the build between batches; the index in force is left as it was. */
  signal?: AbortSignal;
}

/**
 * Builds or updates the index from the reports, incrementally: reports whose content hash is
 * unchanged keep their passages and vectors, new or changed reports are chunked and embedded,
 * removed reports are dropped. The result is written as a new generation and put in force
 * atomically; on any failure the previous index stays in force and untouched.
 */
export async function buildIndex(options: BuildOptions): Promise<{ index: LoadedIndex; summary: BuildSummary }> {
  const started = Date.now();
  const indexDir = options.index.dir;
  const release = await acquireBuildLock(indexDir);
  let generationDir: string | undefined;
  // A previous index this build loaded itself (not the caller's) is closed here when done with.
  let ownPrevious: LoadedIndex | undefined;
  let store: PassageStore | undefined;
  try {
    const progress = (p: Omit<BuildProgress, "elapsedMs">) => options.onProgress?.({ ...p, elapsedMs: Date.now() - started });
    progress({ phase: "scan", reportsDone: 0, reportsTotal: 0, passagesDone: 0, passagesTotal: 0 });
    // The previous index first: only when its passages can be kept may unchanged reports go unread.
    const { previous, reason: fullReason } = await usablePrevious(options);
    if (previous !== options.previous) ownPrevious = previous;
    const model = modelFingerprint(options);
    const scan = await scanCorpus(options.corpus, previous === undefined ? {} : { known: (id) => previous.documents.get(id) });
    const warnings = [...(scan.warnings ?? [])];

    const plan = planChanges(scan, previous);
    const fresh: Passage[] = plan.toEmbed.flatMap((report) => chunkReport(report, options.corpus.chunk));
    const reportsTotal = scan.sources.size;
    const passagesTotal = plan.kept.length + fresh.length;

    // Vectors: start from a private copy of the previous graph when it was built the same way,
    // so the graph in use is never modified and unchanged reports cost nothing.
    const sameGraph = previous !== undefined && previous.manifest.hnsw.m === options.index.hnsw.m && previous.manifest.hnsw.efConstruction === options.index.hnsw.efConstruction;
    const dimensions = options.embedder.dimensions;
    let graph: HierarchicalNSW;
    // Passages by label: kept ones by their label in the previous store (copied without decoding).
    const byLabel: (PassageRow | undefined)[] = [];
    const freeLabels: number[] = [];
    if (previous !== undefined && sameGraph) {
      graph = await readVectorIndex(path.join(previous.dir, FILES.vectors), dimensions);
      const keep = new Uint8Array(labelCount(previous.passages));
      byLabel.length = keep.length; // every label of the graph, free ones at the end included
      for (const label of plan.kept) keep[label] = 1;
      for (let label = 0; label < keep.length; label++) {
        if (keep[label] === 1) byLabel[label] = { from: label };
        else {
          if (documentAt(previous.passages, label) >= 0) graph.markDelete(label);
          freeLabels.push(label);
        }
      }
      freeLabels.reverse(); // reuse low labels first
    } else {
      graph = createVectorIndex(dimensions, passagesTotal, options.index.hnsw);
      plan.kept.forEach((from, i) => {
        putVector(graph, i, previous!.vectors.getPoint(from));
        byLabel[i] = { from };
      });
    }

    let passagesDone = plan.kept.length;
    let reportsDone = plan.unchanged;
    progress({ phase: "embed", reportsDone, reportsTotal, passagesDone, passagesTotal });
    const docEntries = new Map<string, DocumentEntry>();
    for (const id of plan.unchangedDocs) docEntries.set(id, withSource(previous!.documents.get(id)!, scan.sources.get(id)));
    const added: IndexedPassage[] = [];
    // Passages are embedded in runs that cross report boundaries: a corpus of many short reports
    // would otherwise be embedded in as many tiny batches, leaving the model mostly idle.
    const passageCounts = new Map<string, number>();
    for (const p of fresh) passageCounts.set(p.docId, (passageCounts.get(p.docId) ?? 0) + 1);
    for (const report of plan.toEmbed) docEntries.set(report.id, withSource(documentEntry(report, passageCounts.get(report.id) ?? 0), scan.sources.get(report.id)));
    const lastPassageOf = new Map<string, number>();
    fresh.forEach((p, i) => lastPassageOf.set(p.docId, i));
    const finishedAt = [...lastPassageOf.values()].sort((a, b) => a - b);
    const reportsBefore = reportsDone;
    for (let from = 0; from < fresh.length; from += EMBED_RUN) {
      options.signal?.throwIfAborted();
      const run = fresh.slice(from, from + EMBED_RUN);
      const vectors = await options.embedder.embedPassages(run.map((p) => p.embedText));
      options.signal?.throwIfAborted();
      run.forEach((p, i) => {
        const label = freeLabels.pop() ?? byLabel.length;
        const { embedText: _embedText, ...rest } = p;
        const stored: IndexedPassage = { ...rest, label };
        putVector(graph, label, vectors[i]!);
        byLabel[label] = stored;
        added.push(stored);
      });
      passagesDone += run.length;
      reportsDone = reportsBefore + countBelow(finishedAt, from + run.length);
      progress({ phase: "embed", reportsDone, reportsTotal, passagesDone, passagesTotal });
    }
    // Reports that yielded no passage (nothing left after cleaning) count as done too.
    reportsDone = reportsBefore + plan.toEmbed.length;

    progress({ phase: "index", reportsDone, reportsTotal, passagesDone, passagesTotal });
    const lexicalDoc = (p: IndexedPassage) => ({ id: p.id, text: p.text });
    const lexical =
      previous !== undefined && previous.manifest.lexicalVersion === LEXICAL_VERSION
        ? updateLexical(previous.lexical, plan.droppedIds, added.map(lexicalDoc))
        : buildLexical(allPassages(byLabel, previous));

    progress({ phase: "write", reportsDone, reportsTotal, passagesDone, passagesTotal });
    generationDir = await createGeneration(indexDir);
    const documents = [...scan.sources.keys()].map((id) => docEntries.get(id)!);
    await writeVectorIndex(graph, path.join(generationDir, FILES.vectors));
    const passageFile = path.join(generationDir, FILES.passages);
    await writeFile(passageFile, encodePassageStore(byLabel, documents, previous?.passages));
    // The new index reads its texts from the file like a loaded one, so the ~100 MB buffer just
    // written is not kept (the checksum was computed from that buffer: nothing to verify).
    store = await readPassageStore(passageFile, documents, false);
    await writeFile(path.join(generationDir, FILES.lexical), serializeLexical(lexical));
    const files: Record<string, number> = {};
    for (const name of [FILES.vectors, FILES.passages, FILES.lexical]) files[name] = (await stat(path.join(generationDir, name))).size;
    const livePassages = byLabel.filter((p) => p !== undefined).length;
    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      model,
      chunking: { ...options.corpus.chunk },
      hnsw: { m: options.index.hnsw.m, efConstruction: options.index.hnsw.efConstruction },
      lexicalVersion: LEXICAL_VERSION,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      counts: { reports: documents.length, passages: livePassages, labels: byLabel.length },
      documents,
      skipped: scan.skipped,
      files,
    };
    await writeFile(path.join(generationDir, FILES.manifest), JSON.stringify(manifest, null, 1));
    options.signal?.throwIfAborted();
    await switchGeneration(indexDir, generationDir);
    await removeOldGenerations(indexDir, [generationDir, ...(previous ? [previous.dir] : [])]);

    const index = assembleIndex(generationDir, manifest, store, graph, lexical);
    const summary: BuildSummary = {
      kind: previous === undefined ? "full" : "incremental",
      fullReason,
      added: plan.added,
      changed: plan.changed,
      removed: plan.removed,
      unchanged: plan.unchanged,
      skipped: scan.skipped,
      warnings,
      reports: documents.length,
      passages: livePassages,
      passagesEmbedded: fresh.length,
      durationMs: Date.now() - started,
    };
    progress({ phase: "done", reportsDone: reportsTotal, reportsTotal, passagesDone: passagesTotal, passagesTotal });
    return { index, summary };
  } catch (error) {
    if (store !== undefined) closePassageStore(store);
    if (generationDir !== undefined && (await currentGeneration(indexDir)) !== generationDir) {
      await rm(generationDir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    ownPrevious?.close();
    await release();
  }
}

/** Passages embedded per call: enough to fill the model's batches, small enough for steady progress. */
const EMBED_RUN = 256;

/** How many of the sorted numbers are below `limit`. */
function countBelow(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the manifest records about the model, so an index is never mixed with another model's vectors. */
export function modelFingerprint(options: Pick<BuildOptions, "embedder" | "embedding">): Manifest["model"] {
  return {
    id: options.embedder.modelId,
    dimensions: options.embedder.dimensions,
    quantized: options.embedding.quantized,
    queryPrefix: options.embedding.queryPrefix ?? "(model default)",
    passagePrefix: options.embedding.passagePrefix ?? "(model default)",
  };
}

/**
 * The previous index, when its vectors can be reused; otherwise why not (a full rebuild follows).
 * An index built with another model, schema or chunking is never mixed with new vectors.
 */
async function usablePrevious(options: BuildOptions): Promise<{ previous?: LoadedIndex; reason?: string }> {
  let previous = options.previous;
  if (previous === undefined) {
    const dir = await currentGeneration(options.index.dir);
    if (dir === undefined) return { reason: "no index yet" };
    try {
      previous = await loadGeneration(dir);
    } catch (error) {
      return { reason: `the index in force could not be read (${(error as Error).message})` };
    }
  }
  const reason = incompatibility(previous.manifest, modelFingerprint(options), options.corpus.chunk);
  if (reason !== undefined) {
    if (previous !== options.previous) previous.close();
    return { reason };
  }
  return { previous };
}

interface ChangePlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Ids of the reports whose passages are kept (read again with the same content hash, or not read at all). */
  unchangedDocs: Set<string>;
  /** Reports whose passages must be (re)computed. */
  toEmbed: Report[];
  /** Labels in the previous index of the passages of unchanged reports, carried over as they are. */
  kept: number[];
  /** Ids of the previous passages that leave the index. */
  droppedIds: string[];
}

function planChanges(scan: CorpusScan, previous: LoadedIndex | undefined): ChangePlan {
  const unchangedDocs = new Set<string>();
  const plan: ChangePlan = { added: [], changed: [], removed: [], unchanged: 0, unchangedDocs, toEmbed: [], kept: [], droppedIds: [] };
  for (const report of scan.reports) {
    const before = previous?.documents.get(report.id);
    if (before === undefined) {
      plan.added.push(report.id);
      plan.toEmbed.push(report);
    } else if (before.contentHash !== report.contentHash) {
      plan.changed.push(report.id);
      plan.toEmbed.push(report);
    } else {
      plan.unchanged += 1;
      unchangedDocs.add(report.id);
    }
  }
  // The scan reuses only reports the previous index holds, so these are unchanged by construction.
  for (const id of scan.reused) {
    plan.unchanged += 1;
    unchangedDocs.add(id);
  }
  if (previous !== undefined) {
    for (const id of previous.documents.keys()) if (!scan.sources.has(id)) plan.removed.push(id);
    const store = previous.passages;
    const unchangedNumbers = new Uint8Array(store.documents.length);
    store.documents.forEach((d, i) => (unchangedNumbers[i] = unchangedDocs.has(d.id) ? 1 : 0));
    for (let label = 0; label < labelCount(store); label++) {
      const d = documentAt(store, label);
      if (d < 0) continue;
      if (unchangedNumbers[d] === 1) plan.kept.push(label);
      else plan.droppedIds.push(passageIdAt(store, label)!);
    }
  }
  return plan;
}

/** Every passage's id and text (for a full lexical build), carried-over ones read from the previous store in one read. */
function allPassages(byLabel: readonly (PassageRow | undefined)[], previous: LoadedIndex | undefined): { id: string; text: string }[] {
  const carried = byLabel.some((row) => row !== undefined && "from" in row) ? allTexts(previous!.passages) : [];
  return byLabel.flatMap((row) => {
    if (row === undefined) return [];
    return "from" in row ? [{ id: passageIdAt(previous!.passages, row.from)!, text: carried[row.from]! }] : [{ id: row.id, text: row.text }];
  });
}

/**
 * The entry with what the scan recorded of its files this time (a re-read report may have a new
 * stamp, or none). A reused report's entry is returned as it is: no copy of 25k entries.
 */
function withSource(entry: DocumentEntry, source: ReportSource | undefined): DocumentEntry {
  if (source !== undefined && entry.stamp === source.stamp && entry.warnings === source.warnings) return entry;
  const { stamp: _stamp, warnings: _warnings, ...rest } = entry;
  return { ...rest, ...source };
}

function documentEntry(report: Report, passageCount: number): DocumentEntry {
  const { text: _text, paragraphs, ...meta } = report;
  return { ...meta, passageCount, paragraphCount: paragraphs.length };
}
