/**
 * The ingest stage's orchestration: plan what changed since the index in force, embed what is new,
 * write a base or a delta generation, and switch to it atomically.
 */
import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { chunkReport, scanCorpus } from "../corpus/mod.ts";
import type { CorpusConfig, Passage, SkippedFile } from "../corpus/mod.ts";
import type { Embedder, EmbeddingConfig } from "../embed/mod.ts";
import { BASE_FILES, FILES, SCHEMA_VERSION, acquireBuildLock, fileChecksums, sealedJson, assembleIndex, closePassageStore, createGeneration, currentGeneration, labelCount, removeOldGenerations, switchGeneration } from "../index/mod.ts";
import type { BuildProgress, BuildSummary, DocumentEntry, IndexConfig, LoadedIndex, Manifest } from "../index/mod.ts";
import { LEXICAL_VERSION } from "../keyword/mod.ts";
import { carryVectors } from "./carry-vectors.ts";
import { documentEntry, planChanges, withSource } from "./plan.ts";
import { isKeywordOnly, modelFingerprint, usablePrevious } from "./previous.ts";
import type { BuildState, Previous, Written } from "./types.ts";
import { writeBaseGeneration } from "./write-base.ts";
import { writeDeltaGeneration } from "./write-delta.ts";

/** What a build needs: the settings of the stages it drives, and the embedder to use. */
export interface BuildOptions {
  corpus: CorpusConfig;
  index: IndexConfig;
  embedding: Pick<EmbeddingConfig, "quantized" | "queryPrefix" | "passagePrefix">;
  embedder: Embedder;
  /**
   * The index in use, if the caller has one loaded; otherwise the generation {@link previousDir}
   * names, or the current one, is loaded (and a missing or unreadable one just means a full build):
   * without its base graph and lexical segment unless the build compacts.
   */
  previous?: LoadedIndex;
  /** The generation to build on when no `previous` is given (if it is gone, the current one). */
  previousDir?: string;
  /**
   * The most passages (added since the base, plus base passages removed) written as a delta before
   * the build compacts instead; default {@link deltaLimit} of the base's size. 0 always compacts.
   */
  deltaLimit?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** Aborting stops the build between batches; the index in force is left as it was. */
  signal?: AbortSignal;
}

/**
 * Builds or updates the index from the reports, incrementally: reports whose content hash is
 * unchanged keep their passages and vectors, new or changed reports are chunked and embedded,
 * removed reports are dropped. The result is written as a new generation and put in force
 * atomically; on any failure the previous index stays in force and untouched.
 *
 * A small change is written as a delta beside the previous generation's base files (see
 * index/delta.ts), which are shared, not rewritten; past {@link deltaLimit} the build compacts: it
 * writes a new base (graph, passage store, lexical segment) holding everything, and no delta.
 */
export async function buildIndex(options: BuildOptions): Promise<{ index: LoadedIndex; summary: BuildSummary }> {
  const { index, summary } = await build(options, true);
  return { index: index!, summary };
}

/**
 * {@link buildIndex} for a caller that loads the new generation itself, or not at all (the reindex
 * process, `npm run index`): nothing of the index is kept, so a delta build over a previous
 * generation it loads itself never reads that generation's base graph or lexical segment.
 */
export async function buildGeneration(options: BuildOptions): Promise<{ dir: string; summary: BuildSummary }> {
  const { dir, summary } = await build(options, false);
  return { dir, summary };
}

async function build(options: BuildOptions, keepIndex: boolean): Promise<{ dir: string; index?: LoadedIndex; summary: BuildSummary }> {
  const started = Date.now();
  const indexDir = options.index.dir;
  const release = await acquireBuildLock(indexDir);
  let generationDir: string | undefined;
  // A previous index this build loaded itself (not the caller's) is closed here when done with.
  let ownPrevious: Previous | undefined;
  let written: Written | undefined;
  try {
    const progress = (p: Omit<BuildProgress, "elapsedMs">) => options.onProgress?.({ ...p, elapsedMs: Date.now() - started });
    progress({ phase: "scan", reportsDone: 0, reportsTotal: 0, passagesDone: 0, passagesTotal: 0 });
    // The previous index first: only when its passages can be kept may unchanged reports go unread.
    const { previous, reason: fullReason } = await usablePrevious(options);
    if (previous?.own === true) ownPrevious = previous;
    const scan = await scanCorpus(options.corpus, previous === undefined ? {} : { known: (id) => previous.documents.get(id) });
    const plan = planChanges(scan, previous);
    const fresh: Passage[] = plan.toEmbed.flatMap((report) => chunkReport(report, options.corpus.chunk));
    const docEntries = new Map<string, DocumentEntry>();
    for (const id of plan.unchangedDocs) docEntries.set(id, withSource(previous!.documents.get(id)!, scan.sources.get(id)));
    const passageCounts = new Map<string, number>();
    for (const p of fresh) passageCounts.set(p.docId, (passageCounts.get(p.docId) ?? 0) + 1);
    for (const report of plan.toEmbed) docEntries.set(report.id, withSource(documentEntry(report, passageCounts.get(report.id) ?? 0), scan.sources.get(report.id)));
    const documents = [...scan.sources.keys()].map((id) => docEntries.get(id)!);
    if (!keepIndex && previous !== undefined && canExtend(previous, options) && previous.manifest.schemaVersion === SCHEMA_VERSION && unchanged(previous.manifest, documents, scan.skipped, fresh.length + plan.droppedLabels.length) && (await currentGeneration(indexDir)) === previous.dir) {
      // An upload is seen twice (its own reindex, then the folder watcher's): the second finds
      // nothing to do and writes nothing, instead of a generation identical to the one in force.
      const reportsTotal = scan.sources.size;
      progress({ phase: "done", reportsDone: reportsTotal, reportsTotal, passagesDone: previous.manifest.counts.passages, passagesTotal: previous.manifest.counts.passages });
      return { dir: previous.dir, summary: { kind: "incremental", written: "none", added: [], changed: [], removed: [], unchanged: plan.unchanged, skipped: scan.skipped, warnings: [...(scan.warnings ?? [])], reports: documents.length, passages: previous.manifest.counts.passages, passagesEmbedded: 0, durationMs: Date.now() - started } };
    }
    const build: BuildState = { options, scan, plan, fresh, documents, progress };

    const deltaChanges = plan.keptDelta.length + fresh.length + plan.droppedLabels.length;
    // A keyword-only index is always written whole (no delta), so vectors can later be added to it in one pass.
    const limit = previous === undefined || isKeywordOnly(options.embedder) ? 0 : (options.deltaLimit ?? deltaLimit(previous.passages.live));
    const asDelta = previous !== undefined && canExtend(previous, options) && limit > 0 && deltaChanges <= limit;
    generationDir = await createGeneration(indexDir);
    written = asDelta ? await writeDeltaGeneration(build, previous, generationDir) : await writeBaseGeneration(build, previous, generationDir);
    const { index, manifestFiles } = written;
    // A delta's index searches the previous base: read now, so that a failure leaves the index in force as it was.
    const base = keepIndex ? (index.base ?? { vectors: await previous!.readVectors(), lexical: await previous!.readLexical() }) : undefined;

    const livePassages = index.passages.live - (index.delta?.removedCount ?? 0) + (index.delta?.passages.live ?? 0);
    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      model: modelFingerprint(options),
      chunking: { ...options.corpus.chunk },
      hnsw: { m: options.index.hnsw.m, efConstruction: options.index.hnsw.efConstruction },
      lexicalVersion: LEXICAL_VERSION,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      counts: { reports: documents.length, passages: livePassages, labels: labelCount(index.passages) + (index.delta === undefined ? 0 : labelCount(index.delta.passages)) },
      documents,
      skipped: scan.skipped,
      files: await fileSizes(generationDir, manifestFiles),
      // A delta's base files are links to the previous generation's, verified when it was loaded: their sums are carried over, not recomputed.
      checksums: await fileChecksums(generationDir, manifestFiles, asDelta ? baseChecksums(previous!.manifest) : {}),
      baseId: index.manifest.baseId,
      lexicalAverages: [...index.manifest.lexicalAverages],
      ...(index.delta === undefined ? {} : { delta: index.manifest.delta }),
    };
    await writeFile(path.join(generationDir, FILES.manifest), sealedJson(manifest));
    options.signal?.throwIfAborted();
    await switchGeneration(indexDir, generationDir);
    // Written keyword-only over an index with vectors (no model): those of the passages kept are set aside for when the model is back.
    const carried = previous !== undefined && isKeywordOnly(options.embedder) && manifest.baseId !== undefined ? await carryVectors(indexDir, previous, { passages: index.passages, baseId: manifest.baseId }) : undefined;
    await removeOldGenerations(indexDir, [generationDir, ...(previous ? [previous.dir] : [])]);

    const summary: BuildSummary = {
      kind: previous === undefined ? "full" : "incremental",
      fullReason,
      written: asDelta ? "delta" : "base",
      added: plan.added,
      changed: plan.changed,
      removed: plan.removed,
      unchanged: plan.unchanged,
      skipped: scan.skipped,
      warnings: [...(scan.warnings ?? []), ...(carried?.warning === undefined ? [] : [carried.warning])],
      reports: documents.length,
      passages: livePassages,
      passagesEmbedded: fresh.length,
      ...(carried?.kept ? { vectorsKept: carried.kept } : {}),
      durationMs: Date.now() - started,
    };
    const reportsTotal = scan.sources.size;
    progress({ phase: "done", reportsDone: reportsTotal, reportsTotal, passagesDone: livePassages, passagesTotal: livePassages });
    if (base === undefined) {
      closeWritten(index);
      return { dir: generationDir, summary };
    }
    return { dir: generationDir, index: assembleIndex(generationDir, manifest, index.passages, base.vectors, base.lexical, index.delta), summary };
  } catch (error) {
    if (written !== undefined) closeWritten(written.index);
    if (generationDir !== undefined && (await currentGeneration(indexDir)) !== generationDir) {
      await rm(generationDir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    ownPrevious?.close();
    await release();
  }
}

/**
 * Whether a build would write the same generation (the index's version and settings are checked
 * by the caller): no passage to add or drop, the same reports with the same entries (title, date,
 * stamp…), the same files skipped for the same reasons.
 */
function unchanged(manifest: Manifest, documents: readonly DocumentEntry[], skipped: readonly SkippedFile[], passageChanges: number): boolean {
  return passageChanges === 0 && sameData(documents, manifest.documents) && sameData(skipped, manifest.skipped);
}

/** Deep equality of JSON data, whatever the order of object keys (a parsed manifest has its schema's order). */
function sameData(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Releases the written index's passage files, when it is not handed to the caller. */
function closeWritten(index: Written["index"]): void {
  closePassageStore(index.passages);
  if (index.delta !== undefined) closePassageStore(index.delta.passages);
}

/**
 * The most passages a delta may hold (added since the base, plus base passages removed) before
 * a build compacts instead: 5% of the base, and never more than 5,000. Past that, what a delta
 * saves no longer pays for what it costs: every delta vector is compared with every question
 * (measured at 100k: 2,156 delta vectors took 2–4 ms, beside 7–10 ms for the base graph), the
 * base lexical search must look deeper past removed passages, and these still count in the lexical statistics,
 * so scores drift from those of a compacted index by up to that share. The bound also keeps every
 * incremental build's cost bounded: the delta is rewritten whole each time.
 */
export function deltaLimit(basePassages: number): number {
  return Math.min(DELTA_MAX_PASSAGES, Math.floor(DELTA_MAX_SHARE * basePassages));
}
const DELTA_MAX_PASSAGES = 5_000;
const DELTA_MAX_SHARE = 0.05;

/** Whether a delta can be written over `previous`'s base: same graph settings, same lexical processing, and a base id to refer to. */
function canExtend(previous: Previous, options: BuildOptions): boolean {
  const m = previous.manifest;
  return m.baseId !== undefined && m.lexicalVersion === LEXICAL_VERSION && m.hnsw.m === options.index.hnsw.m && m.hnsw.efConstruction === options.index.hnsw.efConstruction;
}

/** The checksums the previous manifest records for the base files a delta generation shares with it. */
function baseChecksums(manifest: Manifest): Record<string, string> {
  const sums = manifest.checksums ?? {};
  return Object.fromEntries(BASE_FILES.flatMap((name) => (sums[name] === undefined ? [] : [[name, sums[name]]])));
}

/** The byte sizes of a generation's files, for the manifest. */
async function fileSizes(dir: string, names: readonly string[]): Promise<Record<string, number>> {
  const files: Record<string, number> = {};
  for (const name of names) files[name] = (await stat(path.join(dir, name))).size;
  return files;
}
