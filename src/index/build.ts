import { randomBytes } from "node:crypto";
import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import type { LexicalIndex } from "./lexical.ts";
import type { CorpusConfig, EmbeddingConfig, IndexConfig } from "../config.ts";
import { chunkReport, scanCorpus } from "../corpus/mod.ts";
import type { CorpusScan, Passage, Report, ReportSource } from "../corpus/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { fileChecksums, sealedJson } from "./checksums.ts";
import { acquireBuildLock, createGeneration, currentGeneration, currentPointer, removeOldGenerations, switchGeneration } from "./generations.ts";
import { LEXICAL_VERSION, buildLexical, serializeLexical, updateLexical } from "./lexical.ts";
import { assembleIndex, loadGeneration, loadGenerationPassages, newestFirst, readBaseLexical, readBaseVectors } from "./load.ts";
import type { PassageIndex } from "./load.ts";
import { SCHEMA_VERSION } from "./manifest.ts";
import { allTexts, closePassageStore, documentAt, encodePassageStore, labelCount, openPassageStore, passageAt, passageIdAt, readPassageStore } from "./passage-store.ts";
import type { PassageRow, PassageStore } from "./passage-store.ts";
import { incompatibility } from "./compatibility.ts";
import type { Manifest } from "./manifest.ts";
import { BASE_FILES, FILES } from "./files.ts";
import type { BuildProgress, BuildSummary, DocumentEntry, IndexedPassage, LoadedIndex } from "./types.ts";
import { createVectorIndex, putVector, readVectorIndex, unitVector, writeVectorIndex } from "./vectors.ts";
import { deltaManifest, makeDelta, shareBaseFiles, writeDelta } from "./delta.ts";

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
 * delta.ts), which are shared, not rewritten; past {@link deltaLimit} the build compacts: it
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
    const build: BuildState = { options, scan, plan, fresh, documents, progress };

    const deltaChanges = plan.keptDelta.length + fresh.length + plan.droppedLabels.length;
    const limit = previous === undefined ? 0 : (options.deltaLimit ?? deltaLimit(previous.passages.live));
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
      checksums: await fileChecksums(generationDir, manifestFiles, asDelta ? baseChecksums(previous.manifest) : {}),
      baseId: index.manifest.baseId,
      lexicalAverages: [...index.manifest.lexicalAverages],
      ...(index.delta === undefined ? {} : { delta: index.manifest.delta }),
    };
    await writeFile(path.join(generationDir, FILES.manifest), sealedJson(manifest));
    options.signal?.throwIfAborted();
    await switchGeneration(indexDir, generationDir);
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
      warnings: [...(scan.warnings ?? [])],
      reports: documents.length,
      passages: livePassages,
      passagesEmbedded: fresh.length,
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

/** What the two ways of writing a generation share. */
interface BuildState {
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
interface Written {
  index: Pick<LoadedIndex, "passages" | "delta"> & {
    /** The base graph and lexical segment: `undefined` for a delta, whose base is the previous index's. */
    base?: Pick<LoadedIndex, "vectors" | "lexical">;
    manifest: Pick<Manifest, "baseId" | "delta"> & { lexicalAverages: readonly number[] };
  };
  manifestFiles: string[];
}

/** Releases the written index's passage files, when it is not handed to the caller. */
function closeWritten(index: Written["index"]): void {
  closePassageStore(index.passages);
  if (index.delta !== undefined) closePassageStore(index.delta.passages);
}

/**
 * The previous index as a build uses it: its base graph and lexical segment, hundreds of MB at
 * 100k passages, are only needed for a compaction (or for the index a delta build returns), so
 * one the build loads itself reads them only then.
 */
interface Previous extends PassageIndex {
  /** The base lexical segment's average field lengths, which delta passages are scored with. */
  lexicalAverages: readonly number[];
  readVectors(): Promise<HierarchicalNSW>;
  readLexical(): Promise<LexicalIndex>;
  /** Whether the build loaded it (and closes it), rather than the caller. */
  own: boolean;
}

/** A loaded index as a {@link Previous}: its parts are already in memory. */
function fromLoaded(index: LoadedIndex, own: boolean): Previous {
  return { ...index, lexicalAverages: index.lexical.averageLengths, readVectors: async () => index.vectors, readLexical: async () => index.lexical, own };
}

/** Loads the generation in `dir` as a {@link Previous}, without its graph and lexical segment when its manifest allows. */
async function loadPrevious(dir: string): Promise<Previous> {
  const light = await loadGenerationPassages(dir);
  if (light === undefined) return fromLoaded(await loadGeneration(dir), true);
  let vectors: Promise<HierarchicalNSW> | undefined;
  let lexical: Promise<LexicalIndex> | undefined;
  return {
    ...light,
    lexicalAverages: light.manifest.lexicalAverages!,
    readVectors: () => (vectors ??= readBaseVectors(light)),
    readLexical: () => (lexical ??= readBaseLexical(light)),
    own: true,
  };
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

/**
 * Embeds the fresh passages in runs, handing each passage and its vector to `place` in order.
 * Runs cross report boundaries: a corpus of many short reports would otherwise be embedded in as
 * many tiny batches, leaving the model mostly idle.
 */
async function embedFresh(build: BuildState, passagesBefore: number, passagesTotal: number, place: (passage: Passage, vector: Float32Array | number[]) => void): Promise<void> {
  const { fresh, plan, options, progress } = build;
  const reportsTotal = build.scan.sources.size;
  const lastPassageOf = new Map<string, number>();
  fresh.forEach((p, i) => lastPassageOf.set(p.docId, i));
  const finishedAt = [...lastPassageOf.values()].sort((a, b) => a - b);
  progress({ phase: "embed", reportsDone: plan.unchanged, reportsTotal, passagesDone: passagesBefore, passagesTotal });
  for (let from = 0; from < fresh.length; from += EMBED_RUN) {
    options.signal?.throwIfAborted();
    const run = fresh.slice(from, from + EMBED_RUN);
    // Checked after every model batch too, so an abort is acted on within one batch, not one run.
    const vectors = await options.embedder.embedPassages(run.map((p) => p.embedText), () => options.signal?.throwIfAborted());
    options.signal?.throwIfAborted();
    run.forEach((p, i) => place(p, vectors[i]!));
    const reportsDone = plan.unchanged + countBelow(finishedAt, from + run.length);
    progress({ phase: "embed", reportsDone, reportsTotal, passagesDone: passagesBefore + from + run.length, passagesTotal });
  }
  // Reports that yielded no passage (nothing left after cleaning) count as done too.
  progress({ phase: "index", reportsDone: plan.unchanged + plan.toEmbed.length, reportsTotal, passagesDone: passagesTotal, passagesTotal });
}

/** What the lexical index reads of a passage. */
const lexicalDoc = (p: IndexedPassage) => ({ id: p.id, text: p.text });

/** A fresh passage as stored, at `label`. */
function stored(p: Passage, label: number): IndexedPassage {
  const { embedText: _embedText, ...rest } = p;
  return { ...rest, label };
}

/**
 * Writes a delta generation over `previous`'s base: the base files are shared (linked), only the
 * passages added since the base (the previous delta's that are kept, and the fresh ones), their
 * vectors and their lexical segment are written. Nothing of the base is read or modified.
 */
async function writeDeltaGeneration(build: BuildState, previous: Previous, dir: string): Promise<Written> {
  const { plan, fresh, progress } = build;
  const dimensions = build.options.embedder.dimensions;
  const base = previous.passages;
  const shift = labelCount(base);
  const before = previous.delta;
  const rows: PassageRow[] = plan.keptDelta.map((from) => ({ from }));
  const vectors = new Float32Array((plan.keptDelta.length + fresh.length) * dimensions);
  plan.keptDelta.forEach((from, i) => vectors.set(before!.vectors.subarray(from * dimensions, (from + 1) * dimensions), i * dimensions));
  const added: IndexedPassage[] = [];
  const kept = plan.keptDelta.length + (base.live - plan.droppedLabels.length);
  await embedFresh(build, kept, kept + fresh.length, (p, vector) => {
    const passage = stored(p, shift + rows.length);
    vectors.set(unitVector(vector), rows.length * dimensions);
    rows.push(passage);
    added.push(passage);
  });

  // The delta's reports: those whose passages it keeps, and the new or changed ones.
  const byId = new Map(build.documents.map((d) => [d.id, d]));
  const deltaDocIds = new Set<string>();
  if (before !== undefined) for (const from of plan.keptDelta) deltaDocIds.add(before.passages.documents[documentAt(before.passages, from)]!.id);
  for (const report of plan.toEmbed) deltaDocIds.add(report.id);
  const deltaDocuments = [...deltaDocIds].map((id) => byId.get(id)!);
  const averages = previous.lexicalAverages;
  const lexical =
    before === undefined
      ? buildLexical(added.map(lexicalDoc), averages)
      : updateLexical(before.lexical, plan.droppedDeltaIds, added.map(lexicalDoc), averages);

  progress({ phase: "write", reportsDone: build.scan.sources.size, reportsTotal: build.scan.sources.size, passagesDone: kept + fresh.length, passagesTotal: kept + fresh.length });
  const passageBytes = encodePassageStore(rows, deltaDocuments, before?.passages);
  const delta = makeDelta(base, plan.droppedLabels, openPassageStore(passageBytes, deltaDocuments, false), vectors, lexical);
  await shareBaseFiles(previous.dir, previous.delta !== undefined, dir);
  await writeDelta(dir, delta, passageBytes);
  // The new index's own handle on the (linked) base store: each index closes its own.
  const passages = await readPassageStore(path.join(dir, FILES.passages), base.documents, false);
  return {
    index: { passages, delta, manifest: { baseId: previous.manifest.baseId, delta: deltaManifest(delta, plan.droppedLabels), lexicalAverages: averages } },
    manifestFiles: [...BASE_FILES, FILES.baseManifest, FILES.deltaPassages, FILES.deltaVectors, FILES.deltaLexical],
  };
}

/**
 * Writes a generation whose base holds every passage (a first build, or a compaction of the
 * previous base and delta): graph, passage store and lexical segment, and no delta.
 */
async function writeBaseGeneration(build: BuildState, previous: Previous | undefined, dir: string): Promise<Written> {
  const { options, plan, fresh, progress } = build;
  const dimensions = options.embedder.dimensions;
  // Passages of the previous delta that are kept go into the new base like fresh ones, with their vectors.
  const carried = plan.keptDelta.map((row) => ({
    passage: passageAt(previous!.delta!.passages, row)!,
    vector: previous!.delta!.vectors.subarray(row * dimensions, (row + 1) * dimensions),
  }));
  const passagesTotal = plan.kept.length + carried.length + fresh.length;

  // Vectors: start from a private copy of the previous graph when it was built the same way,
  // so the graph in use is never modified and unchanged reports cost nothing.
  const sameGraph = previous !== undefined && previous.manifest.hnsw.m === options.index.hnsw.m && previous.manifest.hnsw.efConstruction === options.index.hnsw.efConstruction;
  let graph: HierarchicalNSW;
  // Passages by label: kept ones by their label in the previous store (copied without decoding).
  const byLabel: (PassageRow | undefined)[] = [];
  const freeLabels: number[] = [];
  if (previous !== undefined && sameGraph) {
    graph = await readVectorIndex(path.join(previous.dir, FILES.vectors), dimensions, previous.manifest.hnsw);
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
    const previousGraph = plan.kept.length === 0 ? undefined : await previous!.readVectors();
    plan.kept.forEach((from, i) => {
      putVector(graph, i, previousGraph!.getPoint(from));
      byLabel[i] = { from };
    });
  }
  const added: IndexedPassage[] = [];
  const place = (p: Omit<IndexedPassage, "label">, vector: Float32Array | number[]) => {
    const label = freeLabels.pop() ?? byLabel.length;
    const passage: IndexedPassage = { ...p, label };
    putVector(graph, label, vector);
    byLabel[label] = passage;
    added.push(passage);
  };
  for (const { passage, vector } of carried) place(passage, vector);
  await embedFresh(build, plan.kept.length + carried.length, passagesTotal, (p, vector) => place(stored(p, -1), vector));

  const lexical =
    previous !== undefined && previous.manifest.lexicalVersion === LEXICAL_VERSION
      ? updateLexical(await previous.readLexical(), plan.droppedIds, added.map(lexicalDoc))
      : buildLexical(allPassages(byLabel, previous));

  progress({ phase: "write", reportsDone: build.scan.sources.size, reportsTotal: build.scan.sources.size, passagesDone: passagesTotal, passagesTotal });
  await writeVectorIndex(graph, path.join(dir, FILES.vectors));
  const passageFile = path.join(dir, FILES.passages);
  await writeFile(passageFile, encodePassageStore(byLabel, build.documents, previous?.passages));
  await writeFile(path.join(dir, FILES.lexical), serializeLexical(lexical));
  // The new index reads its texts from the file like a loaded one, so the ~100 MB buffer just
  // written is not kept (the checksum was computed from that buffer: nothing to verify).
  const passages = await readPassageStore(passageFile, build.documents, false);
  return {
    index: { passages, base: { vectors: graph, lexical }, manifest: { baseId: randomBytes(8).toString("hex"), lexicalAverages: lexical.averageLengths } },
    manifestFiles: [...BASE_FILES],
  };
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
async function usablePrevious(options: BuildOptions): Promise<{ previous?: Previous; reason?: string }> {
  let previous = options.previous === undefined ? undefined : fromLoaded(options.previous, false);
  if (previous === undefined && options.previousDir !== undefined) previous = await loadPrevious(options.previousDir).catch(() => undefined);
  if (previous === undefined) {
    const pointer = await currentPointer(options.index.dir);
    if (pointer === undefined) return { reason: "no index yet" };
    let problem = "problem" in pointer ? pointer.problem : undefined;
    if (problem === undefined) previous = await loadPrevious((pointer as { dir: string }).dir).catch((error: Error) => void (problem = error.message));
    // A damaged generation in force: build on the newest intact one instead (it is fully verified
    // on loading, so none of its files is linked into the new generation unchecked).
    if (previous === undefined) {
      for (const dir of await newestFirst(options.index.dir, "dir" in pointer ? [pointer.dir] : [])) {
        previous = await loadPrevious(dir).catch(() => undefined);
        if (previous !== undefined) break;
      }
    }
    if (previous === undefined) return { reason: `the index in force could not be read (${problem})` };
  }
  const reason = incompatibility(previous.manifest, modelFingerprint(options), options.corpus.chunk);
  if (reason !== undefined) {
    if (previous.own) previous.close();
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
  /** Labels in the previous base of the passages of unchanged reports, carried over as they are. */
  kept: number[];
  /** Ids of the previous base's passages that leave the index (or left it in an earlier delta). */
  droppedIds: string[];
  /** Their labels in the previous base. */
  droppedLabels: number[];
  /** Rows of the previous delta, if any, of the passages of unchanged reports. */
  keptDelta: number[];
  /** Ids of the previous delta's passages that leave the index. */
  droppedDeltaIds: string[];
}

function planChanges(scan: CorpusScan, previous: Previous | undefined): ChangePlan {
  const unchangedDocs = new Set<string>();
  const plan: ChangePlan = { added: [], changed: [], removed: [], unchanged: 0, unchangedDocs, toEmbed: [], kept: [], droppedIds: [], droppedLabels: [], keptDelta: [], droppedDeltaIds: [] };
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
    const removed = previous.delta?.removed;
    const store = previous.passages;
    const unchangedNumbers = new Uint8Array(store.documents.length);
    store.documents.forEach((d, i) => (unchangedNumbers[i] = unchangedDocs.has(d.id) ? 1 : 0));
    for (let label = 0; label < labelCount(store); label++) {
      const d = documentAt(store, label);
      if (d < 0) continue;
      // A removed base passage belongs to an earlier version of its report, whose current one is in the delta.
      if (unchangedNumbers[d] === 1 && removed?.[label] !== 1) plan.kept.push(label);
      else {
        plan.droppedIds.push(passageIdAt(store, label)!);
        plan.droppedLabels.push(label);
      }
    }
    const delta = previous.delta?.passages;
    if (delta !== undefined) {
      for (let row = 0; row < labelCount(delta); row++) {
        const d = documentAt(delta, row);
        if (d < 0) continue;
        if (unchangedDocs.has(delta.documents[d]!.id)) plan.keptDelta.push(row);
        else plan.droppedDeltaIds.push(passageIdAt(delta, row)!);
      }
    }
  }
  return plan;
}

/** Every passage's id and text (for a full lexical build), carried-over ones read from the previous store in one read. */
function allPassages(byLabel: readonly (PassageRow | undefined)[], previous: Previous | undefined): { id: string; text: string }[] {
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
