/**
 * Keeps the vectors of the passages a keyword-only build carries over. Without a model (it could
 * not be loaded: no network, a hub outage, files not unpacked yet) a reindex still picks up new
 * reports, and what it writes is a keyword-only index; left at that, every vector of the index
 * before would be lost and, once the model is back, every passage embedded again — hours on a
 * real corpus. Instead, the vectors of the passages it keeps are written as the background fill's
 * checkpoint for the new generation (see fill-vectors.ts), so the fill resumes after them and
 * embeds only the passages of new or changed reports. The index files themselves are the usual
 * keyword-only ones: nothing in them or in their manifest changes.
 *
 * The checkpoint holds rows by label from label 0, so what can be kept is the run of the new
 * generation's labels from 0 whose passages have a vector. A keyword-only build numbers the
 * passages it keeps first, in their previous order, then the new ones: that run is every kept
 * passage. The vectors come from the previous index's graph and delta when it has vectors, or
 * from its own checkpoint when it is keyword-only too (the model is still missing at the second
 * reindex), as far as that checkpoint reaches.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { labelCount, passageIdAt } from "../index/mod.ts";
import type { FileWarning } from "../corpus/mod.ts";
import { reason } from "../read/mod.ts";
import type { Manifest, PassageStore } from "../index/mod.ts";
import { CHECKPOINT_STATE, CHECKPOINT_VECTORS, checkpointDir } from "./fill-vectors.ts";
import type { CheckpointState } from "./fill-vectors.ts";
import { isKeywordOnly } from "./previous.ts";
import type { Previous } from "./types.ts";

/** Rows written at a time. */
const WRITE_ROWS = 1024;

/** Where the previous index's vectors are read from, by passage id. */
interface VectorSource {
  model: Manifest["model"];
  /** The vector of the previous index's passage `id`, or `undefined` when it has none. */
  vectorOf(id: string): Promise<Float32Array | undefined>;
  close(): Promise<void>;
}

/** What {@link carryVectors} did: how many passages' vectors it kept, or why it kept none. */
export interface CarriedVectors {
  kept: number;
  /** Set when keeping them failed (the index is fine; the passages are embedded again when the model is back). */
  warning?: FileWarning;
}

/**
 * Writes the vectors `previous` holds for the passages of the keyword-only generation just put in
 * force (`next`) as that generation's fill checkpoint, replacing any checkpoint there was. Never
 * throws: the generation is already in force, and a failure here costs only embedding time later.
 */
export async function carryVectors(indexDir: string, previous: Previous, next: { passages: PassageStore; baseId: string }): Promise<CarriedVectors> {
  const target = checkpointDir(indexDir);
  const scratch = `${target}.next-${randomBytes(4).toString("hex")}`;
  let source: VectorSource | undefined;
  try {
    source = await vectorSource(indexDir, previous);
    if (source === undefined) return { kept: 0 };
    const model = source.model;
    const dimensions = model.dimensions;
    const labels = labelCount(next.passages);
    await mkdir(scratch, { recursive: true });
    const out = await open(path.join(scratch, CHECKPOINT_VECTORS), "w");
    let kept = 0;
    try {
      const block = new Float32Array(WRITE_ROWS * dimensions);
      let rows = 0;
      const flush = async () => {
        if (rows > 0) await out.write(new Uint8Array(block.buffer, 0, rows * dimensions * 4));
        rows = 0;
      };
      for (let label = 0; label < labels; label++) {
        const id = passageIdAt(next.passages, label);
        // A free label is a zero row, as the fill writes it; the first passage without a vector ends the run.
        const vector = id === undefined ? undefined : await source.vectorOf(id);
        if (id !== undefined && vector === undefined) break;
        if (vector !== undefined && vector.length !== dimensions) throw new Error(`passage ${id} has a vector of ${vector.length} numbers, not ${dimensions}`);
        if (vector === undefined) block.fill(0, rows * dimensions, (rows + 1) * dimensions);
        else block.set(vector, rows * dimensions);
        if (id !== undefined) kept++;
        if (++rows === WRITE_ROWS) await flush();
      }
      await flush();
      await out.datasync();
    } finally {
      await out.close();
    }
    await source.close();
    source = undefined;
    if (kept === 0) return { kept: 0 };
    // The fill compares its state as JSON: the model's fields in the order modelFingerprint writes them.
    const { id, quantized, queryPrefix, passagePrefix } = model;
    const state: CheckpointState = { baseId: next.baseId, model: { id, dimensions, quantized, queryPrefix, passagePrefix }, labels };
    await writeFile(path.join(scratch, CHECKPOINT_STATE), JSON.stringify(state));
    await rm(target, { recursive: true, force: true });
    await rename(scratch, target);
    return { kept };
  } catch (error) {
    return { kept: 0, warning: { reason: reason("ingest.vectors_not_kept", { error: (error as Error).message }) } };
  } finally {
    await source?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The previous index's vectors: its graph and delta when it has any; else, for a keyword-only one,
 * the rows its fill checkpoint holds (when the checkpoint is that generation's); else none.
 */
async function vectorSource(indexDir: string, previous: Previous): Promise<VectorSource | undefined> {
  const store = previous.passages;
  const ids = new Map<string, number>();
  if (!isKeywordOnly(previous.manifest.model)) {
    const delta = previous.delta;
    for (let label = 0; label < labelCount(store); label++) {
      if (delta?.removed[label] === 1) continue;
      const id = passageIdAt(store, label);
      if (id !== undefined) ids.set(id, label);
    }
    // Delta rows as negative numbers: −1 is row 0.
    if (delta !== undefined) for (let row = 0; row < labelCount(delta.passages); row++) {
      const id = passageIdAt(delta.passages, row);
      if (id !== undefined) ids.set(id, -1 - row);
    }
    const graph = await previous.readVectors();
    const dimensions = previous.manifest.model.dimensions;
    return {
      model: previous.manifest.model,
      async vectorOf(id) {
        const at = ids.get(id);
        if (at === undefined) return undefined;
        if (at >= 0) return Float32Array.from(graph.getPoint(at));
        const row = -1 - at;
        return delta!.vectors.subarray(row * dimensions, (row + 1) * dimensions);
      },
      close: async () => {},
    };
  }
  const dir = checkpointDir(indexDir);
  const saved = await readFile(path.join(dir, CHECKPOINT_STATE), "utf8").then((t) => JSON.parse(t) as CheckpointState, () => undefined);
  if (saved === undefined || previous.delta !== undefined || saved.baseId !== previous.manifest.baseId || saved.labels !== labelCount(store)) return undefined;
  const rowBytes = saved.model.dimensions * 4;
  const file = path.join(dir, CHECKPOINT_VECTORS);
  const rows = Math.min(saved.labels, Math.floor((await stat(file)).size / rowBytes));
  for (let label = 0; label < rows; label++) {
    const id = passageIdAt(store, label);
    if (id !== undefined) ids.set(id, label);
  }
  const input = await open(file, "r");
  return {
    model: saved.model,
    async vectorOf(id) {
      const label = ids.get(id);
      if (label === undefined) return undefined;
      const bytes = Buffer.alloc(rowBytes);
      await input.read(bytes, 0, rowBytes, label * rowBytes);
      return new Float32Array(bytes.buffer, bytes.byteOffset, saved.model.dimensions);
    },
    close: () => input.close(),
  };
}
