/**
 * Embeds the passages of a keyword-only generation in the background, and writes the generation
 * that adds their vectors: how a first index becomes hybrid (keyword search served from the first
 * minute), and how an index built without a model gains one.
 *
 * Work is checkpointed: vectors are appended to `<index>/embedding/vectors.f32` batch by batch,
 * each batch flushed to disk before the next starts, so a restart — or a `kill -9` — resumes at
 * the first passage not on disk and embeds at most the one batch that was in flight again.
 * The checkpoint names the generation (its base id) and the model it belongs to: if either
 * changed, it starts over rather than mixing vectors. A build without a model writes one too,
 * holding the vectors of the passages it kept (carry-vectors.ts).
 */
import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingConfig, IndexConfig } from "../config.ts";
import { passageEmbedText } from "../corpus/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import {
  FILES,
  acquireBuildLock,
  createGeneration,
  createVectorIndex,
  currentGeneration,
  fileChecksums,
  sealedJson,
  labelCount,
  loadGenerationPassages,
  removeOldGenerations,
  switchGeneration,
  writeVectorIndex,
} from "../index/mod.ts";
import type { BuildProgress, BuildSummary, Manifest, PassageIndex } from "../index/mod.ts";
import { isKeywordOnly, modelFingerprint } from "./previous.ts";

/** Passages embedded and flushed to disk at a time: what a kill can cost, at most. */
export const CHECKPOINT_PASSAGES = 256;

const CHECKPOINT_DIR = "embedding";
export const CHECKPOINT_STATE = "checkpoint.json";
export const CHECKPOINT_VECTORS = "vectors.f32";
/** Graph rows read from the checkpoint at a time when the graph is built. */
const GRAPH_READ_ROWS = 4096;

/** What {@link fillVectors} needs. */
export interface FillOptions {
  index: IndexConfig;
  embedding: Pick<EmbeddingConfig, "quantized" | "queryPrefix" | "passagePrefix">;
  embedder: Embedder;
  /** Passages per checkpoint (default {@link CHECKPOINT_PASSAGES}). */
  batch?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** Aborting stops between batches; what is on disk stays for the next run. */
  signal?: AbortSignal;
}

/** What the checkpoint belongs to; any difference and it is started over. */
export interface CheckpointState {
  baseId: string;
  model: Manifest["model"];
  labels: number;
}

/** The checkpoint directory of an index. */
export const checkpointDir = (indexDir: string) => path.join(indexDir, CHECKPOINT_DIR);

/**
 * The vectors already on disk for `state`, as a count of whole rows; a checkpoint of another
 * generation or model is removed. A torn last row (killed mid-write) is cut off.
 */
async function resumePoint(dir: string, state: CheckpointState, rowBytes: number): Promise<number> {
  const stateFile = path.join(dir, CHECKPOINT_STATE);
  const vectorsFile = path.join(dir, CHECKPOINT_VECTORS);
  const saved = await readFile(stateFile, "utf8").then((t) => JSON.parse(t) as CheckpointState, () => undefined);
  if (saved === undefined || JSON.stringify(saved) !== JSON.stringify(state)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(vectorsFile, "");
    await writeFile(stateFile, JSON.stringify(state));
    return 0;
  }
  const size = await stat(vectorsFile).then((s) => s.size, () => 0);
  const rows = Math.min(state.labels, Math.floor(size / rowBytes));
  if (size !== rows * rowBytes) {
    const handle = await open(vectorsFile, "r+").catch(() => open(vectorsFile, "w"));
    await handle.truncate(rows * rowBytes);
    await handle.close();
  }
  return rows;
}

/**
 * The text a passage was (or would have been) embedded with when its report was indexed, or
 * `undefined` for a free label (a passage removed since).
 */
function embedTextAt(index: PassageIndex, label: number): string | undefined {
  const passage = index.passageAt(label);
  if (passage === undefined) return undefined;
  const title = index.documents.get(passage.docId)?.title ?? "";
  return passageEmbedText(title, passage.text);
}

/** Links (or, across file systems, copies) a file of the keyword generation into the new one. */
async function share(fromDir: string, toDir: string, name: string): Promise<void> {
  await link(path.join(fromDir, name), path.join(toDir, name)).catch(() => copyFile(path.join(fromDir, name), path.join(toDir, name)));
}

/**
 * Embeds every passage of the keyword-only generation in force (resuming from its checkpoint),
 * builds the vector graph, writes a generation with the same passages and keyword segment plus the
 * vectors, and puts it in force. Returns its directory. Throws when the index in force is not
 * keyword-only (nothing to fill) or has a delta (keyword-only builds always write a base).
 */
export async function fillVectors(options: FillOptions): Promise<{ dir: string; summary: BuildSummary }> {
  const started = Date.now();
  const indexDir = options.index.dir;
  const batch = Math.max(1, options.batch ?? CHECKPOINT_PASSAGES);
  const release = await acquireBuildLock(indexDir);
  let generationDir: string | undefined;
  let keyword: PassageIndex | undefined;
  try {
    const from = await currentGeneration(indexDir);
    if (from === undefined) throw new Error(`no index in ${indexDir} to add vectors to`);
    keyword = await loadGenerationPassages(from);
    if (keyword === undefined) throw new Error(`the index in ${from} was written by an older version; reindex it first`);
    const manifest = keyword.manifest;
    if (!isKeywordOnly(manifest.model)) throw new Error(`the index in ${from} already has vectors (${manifest.model.id})`);
    if (manifest.delta !== undefined || manifest.baseId === undefined) throw new Error(`the keyword-only index in ${from} has a delta; reindex it first`);

    const model = modelFingerprint(options);
    const dimensions = options.embedder.dimensions;
    const rowBytes = dimensions * 4;
    const labels = labelCount(keyword.passages);
    const passagesTotal = manifest.counts.passages;
    const reportsTotal = manifest.counts.reports;
    const dir = checkpointDir(indexDir);
    const resumed = await resumePoint(dir, { baseId: manifest.baseId, model, labels }, rowBytes);

    // Progress counts live passages; labels freed by removed reports are written as zero rows.
    let live = 0;
    for (let label = 0; label < resumed; label++) if (keyword.passageAt(label) !== undefined) live++;
    const runStart = Date.now();
    let embeddedNow = 0;
    const progress = (phase: BuildProgress["phase"], done: number) => {
      const rate = embeddedNow / Math.max(1, Date.now() - runStart);
      const remainingMs = phase === "embed" && embeddedNow > 0 ? Math.round((passagesTotal - done) / rate) : undefined;
      options.onProgress?.({ phase, reportsDone: reportsTotal, reportsTotal, passagesDone: done, passagesTotal, elapsedMs: Date.now() - started, ...(remainingMs === undefined ? {} : { remainingMs }) });
    };
    progress("embed", live);

    const out = await open(path.join(dir, CHECKPOINT_VECTORS), "a");
    try {
      for (let start = resumed; start < labels; start += batch) {
        options.signal?.throwIfAborted();
        const end = Math.min(labels, start + batch);
        const texts: string[] = [];
        const rows: number[] = [];
        for (let label = start; label < end; label++) {
          const text = embedTextAt(keyword, label);
          if (text !== undefined) {
            texts.push(text);
            rows.push(label - start);
          }
        }
        const vectors = texts.length === 0 ? [] : await options.embedder.embedPassages(texts);
        const block = new Float32Array((end - start) * dimensions);
        vectors.forEach((v, i) => block.set(v, rows[i]! * dimensions));
        await out.write(new Uint8Array(block.buffer));
        await out.datasync();
        embeddedNow += texts.length;
        live += texts.length;
        progress("embed", live);
      }
    } finally {
      await out.close();
    }
    options.signal?.throwIfAborted();

    // The graph, from the checkpoint file (read in slices: 140k passages are ~215 MB of vectors).
    progress("index", passagesTotal);
    const graph = createVectorIndex(dimensions, labels, options.index.hnsw);
    const input = await open(path.join(dir, CHECKPOINT_VECTORS), "r");
    try {
      const slice = Buffer.alloc(GRAPH_READ_ROWS * rowBytes);
      for (let first = 0; first < labels; first += GRAPH_READ_ROWS) {
        const count = Math.min(GRAPH_READ_ROWS, labels - first);
        await input.read(slice, 0, count * rowBytes, first * rowBytes);
        const rows = new Float32Array(slice.buffer, slice.byteOffset, count * dimensions);
        for (let r = 0; r < count; r++) {
          const label = first + r;
          if (keyword.passageAt(label) === undefined) continue;
          graph.addPoint(Array.from(rows.subarray(r * dimensions, (r + 1) * dimensions)), label);
        }
        options.signal?.throwIfAborted();
      }
    } finally {
      await input.close();
    }

    progress("write", passagesTotal);
    const gen = await createGeneration(indexDir);
    generationDir = gen;
    await share(from, gen, FILES.passages);
    await share(from, gen, FILES.lexical);
    await writeVectorIndex(graph, path.join(gen, FILES.vectors));
    const files: Record<string, number> = {};
    for (const name of [FILES.vectors, FILES.passages, FILES.lexical]) files[name] = (await stat(path.join(gen, name))).size;
    // The manifest's own seal is made anew below; the shared files keep their checksums, the graph gets its own.
    const { checksum: _seal, ...unsealed } = manifest as Manifest & { checksum?: string };
    const shared = Object.fromEntries([FILES.passages, FILES.lexical].flatMap((name) => (manifest.checksums?.[name] === undefined ? [] : [[name, manifest.checksums[name]]])));
    const next: Manifest = {
      ...unsealed,
      checksums: await fileChecksums(gen, [FILES.vectors, FILES.passages, FILES.lexical], shared),
      model,
      hnsw: { m: options.index.hnsw.m, efConstruction: options.index.hnsw.efConstruction },
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      files,
      // The graph differs from the keyword generation's (empty) one: a new base, never shared with it.
      baseId: randomBytes(8).toString("hex"),
    };
    await writeFile(path.join(gen, FILES.manifest), sealedJson(next));
    options.signal?.throwIfAborted();
    await switchGeneration(indexDir, gen);
    await removeOldGenerations(indexDir, [gen, from]);
    await rm(dir, { recursive: true, force: true });
    progress("done", passagesTotal);
    const summary: BuildSummary = {
      kind: "incremental",
      written: "base",
      added: [],
      changed: [],
      removed: [],
      unchanged: reportsTotal,
      skipped: manifest.skipped,
      warnings: [],
      reports: reportsTotal,
      passages: passagesTotal,
      passagesEmbedded: embeddedNow,
      resumedPassages: resumed,
      durationMs: Date.now() - started,
    };
    return { dir: gen, summary };
  } catch (error) {
    if (generationDir !== undefined && (await currentGeneration(indexDir)) !== generationDir) await rm(generationDir, { recursive: true, force: true });
    throw error;
  } finally {
    keyword?.close();
    await release();
  }
}
