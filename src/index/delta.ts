import { copyFile, link, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BASE_FILES, FILES } from "./files.ts";
import { buildLexical, loadLexical, serializeLexical } from "../keyword/mod.ts";
import type { LexicalIndex } from "../keyword/mod.ts";
import type { Manifest } from "./manifest.ts";
import { allTexts, labelCount, openPassageStore, passageIdAt } from "./passage-store.ts";
import type { PassageStore } from "./passage-store.ts";
import type { DocumentEntry } from "./types.ts";

/*
 * A generation is a base (the HNSW graph, the passage store and the lexical segment, written by a
 * full build or a compaction) plus, optionally, a small delta: the passages added or replaced since
 * the base was written, and the base passages that left the index since. A reindex after a few
 * changed reports then writes only the delta and hard-links the base files from the previous
 * generation, instead of reading and rewriting a graph and a lexical segment of hundreds of MB.
 * Each delta is relative to the base, not to the previous delta: it grows with every reindex until
 * a build finds it too large and compacts (writes a new base and no delta), as Lucene merges
 * segments.
 *
 * Searching: the base graph with the removed labels filtered out, merged with an exact search of
 * the delta's vectors; the base and delta lexical segments scored with shared statistics (see
 * `searchLexicalSegments`). As in Lucene, removed base passages still count in the lexical
 * statistics (passage count, document frequencies) until the next compaction: scores shift a
 * little, by at most the share of removed passages, which the compaction threshold bounds.
 */

/** The passages changed since a base was written, in memory. Immutable once made. */
export interface IndexDelta {
  /** Labels of the base (free ones included): the delta's passages have labels `baseLabels + row`. */
  readonly baseLabels: number;
  /** 1 at each base label whose passage has left the index. */
  readonly removed: Uint8Array;
  readonly removedCount: number;
  /** The ids of the removed base passages (the lexical segment knows passages by id). */
  readonly removedIds: ReadonlySet<string>;
  /** The delta's passages, by row; its documents are the reports the delta holds passages of. */
  readonly passages: PassageStore;
  /** One unit-length vector per row, row-major. */
  readonly vectors: Float32Array;
  /** The delta's lexical segment, scored with its base's average field lengths. */
  readonly lexical: LexicalIndex;
}

/** Makes a delta from its parts, deriving what searching needs (removed mask and ids) from the base's store. */
export function makeDelta(base: PassageStore, removedLabels: readonly number[], passages: PassageStore, vectors: Float32Array, lexical: LexicalIndex): IndexDelta {
  const removed = new Uint8Array(labelCount(base));
  const removedIds = new Set<string>();
  for (const label of removedLabels) {
    const id = passageIdAt(base, label);
    if (id === undefined) throw new Error(`delta: removed label ${label} is free in the base`);
    removed[label] = 1;
    removedIds.add(id);
  }
  return { baseLabels: labelCount(base), removed, removedCount: removedIds.size, removedIds, passages, vectors, lexical };
}

/** The delta's section of the manifest. */
export function deltaManifest(delta: IndexDelta, removedLabels: readonly number[]): NonNullable<Manifest["delta"]> {
  return {
    baseLabels: delta.baseLabels,
    removed: [...removedLabels],
    documents: delta.passages.documents.map((d) => d.id),
    passages: delta.passages.live,
  };
}

/** Writes the delta's files into a generation directory (the passage store as already encoded). */
export async function writeDelta(dir: string, delta: IndexDelta, passageBytes: Uint8Array): Promise<void> {
  await writeFile(path.join(dir, FILES.deltaPassages), passageBytes);
  await writeFile(path.join(dir, FILES.deltaVectors), new Uint8Array(delta.vectors.buffer, delta.vectors.byteOffset, delta.vectors.byteLength));
  await writeFile(path.join(dir, FILES.deltaLexical), serializeLexical(delta.lexical));
}

/**
 * Reads the delta files of a generation, for the base it was written against (its store, and its
 * lexical segment's average field lengths). Throws an Error saying which file is wrong.
 */
export async function readDelta(dir: string, manifest: Manifest, base: { passages: PassageStore; lexical: Pick<LexicalIndex, "averageLengths"> }, rebuildLexical: boolean): Promise<IndexDelta> {
  const section = manifest.delta!;
  if (labelCount(base.passages) !== section.baseLabels) throw new Error(`the base has ${labelCount(base.passages)} labels, the delta was written for ${section.baseLabels}`);
  const byId = new Map(manifest.documents.map((d) => [d.id, d]));
  const documents: DocumentEntry[] = section.documents.map((id) => {
    const entry = byId.get(id);
    if (entry === undefined) throw new Error(`the delta holds report ${id}, which the manifest does not list`);
    return entry;
  });
  let passages: PassageStore;
  try {
    passages = openPassageStore(await readFile(path.join(dir, FILES.deltaPassages)), documents);
  } catch (error) {
    throw new Error(`${FILES.deltaPassages} could not be read (${(error as Error).message})`, { cause: error });
  }
  const dimensions = manifest.model.dimensions;
  const bytes = await readFile(path.join(dir, FILES.deltaVectors));
  if (bytes.length !== labelCount(passages) * dimensions * 4) throw new Error(`${FILES.deltaVectors} has ${bytes.length} bytes, expected ${labelCount(passages) * dimensions * 4}`);
  // A copy: the read buffer may not be 4-byte aligned for a Float32Array view.
  const vectors = new Float32Array(bytes.length / 4);
  new Uint8Array(vectors.buffer).set(bytes);
  const averages = base.lexical.averageLengths;
  let lexical: LexicalIndex;
  try {
    lexical = rebuildLexical ? buildLexical(storeTexts(passages), averages) : loadLexical(await readFile(path.join(dir, FILES.deltaLexical)), averages);
  } catch (error) {
    throw new Error(`${FILES.deltaLexical} could not be read (${(error as Error).message})`, { cause: error });
  }
  return makeDelta(base.passages, section.removed, passages, vectors, lexical);
}

/** Every live passage's id and text in a store, in label order (one read of the text block; to build a lexical segment from them). */
export function storeTexts(store: PassageStore): { id: string; text: string }[] {
  return allTexts(store).flatMap((text, label) => (text === undefined ? [] : [{ id: passageIdAt(store, label)!, text }]));
}

/**
 * Gives a new generation the base files of `fromDir` (a generation on the same base, with or without
 * a delta): hard links, which cost nothing and keep the files alive when the old generation is
 * deleted; a copy where the file system cannot link. The base's manifest comes along as
 * `base-manifest.json`: the base passage store numbers its reports in that manifest's order.
 */
export async function shareBaseFiles(fromDir: string, fromHasDelta: boolean, toDir: string): Promise<void> {
  const pairs: [string, string][] = BASE_FILES.map((name) => [name, name]);
  pairs.push([fromHasDelta ? FILES.baseManifest : FILES.manifest, FILES.baseManifest]);
  for (const [from, to] of pairs) {
    const source = path.join(fromDir, from);
    const target = path.join(toDir, to);
    await link(source, target).catch(() => copyFile(source, target));
  }
}
