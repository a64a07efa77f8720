import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import { firstMismatch, openSealedJson } from "./checksums.ts";
import { IndexError, REBUILD_HINT } from "./errors.ts";
import { FILES } from "./files.ts";
import { currentPointer, generationDirs } from "./generations.ts";
import { LEXICAL_VERSION, buildLexical, loadLexical } from "../keyword/mod.ts";
import type { LexicalIndex } from "../keyword/mod.ts";
import { ManifestSchema, READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION } from "./manifest.ts";
import type { Manifest } from "./manifest.ts";
import { readDelta, storeTexts } from "./delta.ts";
import type { IndexDelta } from "./delta.ts";
import { closePassageStore, labelCount, labelOf, passageAt, readPassageStore } from "./passage-store.ts";
import type { PassageStore } from "./passage-store.ts";
import type { DocumentEntry, LoadedIndex } from "./types.ts";
import { readVectorIndex } from "./vectors.ts";
import { withSearches } from "./search-index.ts";

/**
 * Loads the index in force under `indexDir` (the generation its `CURRENT` file names).
 * Throws an {@link IndexError}: `missing` when there is none, `corrupt` when a file is damaged,
 * `incompatible` when it was written by a version of hoidap with another on-disk layout.
 */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const pointer = await currentPointer(indexDir);
  if (pointer === undefined) throw new IndexError("missing", `No index in ${indexDir} yet. ${REBUILD_HINT.replace("rebuild", "build")}`);
  if ("problem" in pointer) throw new IndexError("corrupt", `The index in ${indexDir} is damaged: ${pointer.problem}. ${REBUILD_HINT}`);
  return loadGeneration(pointer.dir);
}

/** The index to serve, and when it is not the one `CURRENT` names, why that one could not be used. */
export interface ServingIndex {
  index: LoadedIndex;
  /** The error the generation in force gave, when an older intact one is served instead. */
  damaged?: IndexError;
}

/**
 * {@link loadIndex}, falling back to the newest other generation that loads intact (every file
 * matching its checksum) when the one in force is damaged: a build keeps the generation before
 * the current one, so one bad file costs the latest reindex rather than a full rebuild. Throws
 * like {@link loadIndex} when there is no intact generation at all.
 */
export async function loadServingIndex(indexDir: string): Promise<ServingIndex> {
  try {
    return { index: await loadIndex(indexDir) };
  } catch (error) {
    if (!(error instanceof IndexError) || error.kind !== "corrupt") throw error;
    const pointer = await currentPointer(indexDir);
    const fallback = await loadNewestIntact(indexDir, pointer !== undefined && "dir" in pointer ? [pointer.dir] : []);
    if (fallback === undefined) throw error;
    return { index: fallback, damaged: error };
  }
}

/** The newest generation (by build time) other than `except` that loads without error, if any. */
export async function loadNewestIntact(indexDir: string, except: readonly string[]): Promise<LoadedIndex | undefined> {
  for (const dir of await newestFirst(indexDir, except)) {
    try {
      return await loadGeneration(dir);
    } catch {
      // Damaged or unfinished too: try an older one.
    }
  }
  return undefined;
}

/** The generation directories other than `except` whose manifests can be read, newest build first. */
export async function newestFirst(indexDir: string, except: readonly string[]): Promise<string[]> {
  const skip = new Set(except.map((d) => path.resolve(d)));
  const dated: { dir: string; builtAt: string }[] = [];
  for (const dir of await generationDirs(indexDir)) {
    if (skip.has(path.resolve(dir))) continue;
    const manifest = await readManifest(dir, FILES.manifest, corruptIn(dir)).catch(() => undefined);
    if (manifest !== undefined) dated.push({ dir, builtAt: manifest.builtAt });
  }
  return dated.sort((a, b) => b.builtAt.localeCompare(a.builtAt)).map((d) => d.dir);
}

/** How to load a generation. */
export interface LoadOptions {
  /**
   * An index already in memory: when the generation to load has a delta over the same base
   * (same `baseId`), its base structures are shared rather than read again (the graph alone is
   * hundreds of MB at 100k passages); only the delta files are read. They are never modified.
   */
  reuse?: LoadedIndex;
}

/** Loads one generation directory, checking every file against its manifest before a native reader sees it. */
export async function loadGeneration(dir: string, options: LoadOptions = {}): Promise<LoadedIndex> {
  const corrupt = corruptIn(dir);
  const reuse = options.reuse;
  // Base files shared with the index in memory are not read again, so not checked again either.
  const shared = reuse?.manifest.baseId === undefined ? [] : [FILES.vectors, FILES.lexical];
  const manifest = await checkedManifest(dir, corrupt, reuse === undefined ? [] : shared);
  // A lexical index of another version (older text processing or file layout) is rebuilt from
  // the passages rather than read: the vectors are still valid, and the next build writes it anew.
  const rebuildLexical = manifest.lexicalVersion !== LEXICAL_VERSION;
  const reusable = manifest.delta !== undefined && manifest.baseId !== undefined && reuse?.manifest.baseId === manifest.baseId && !rebuildLexical;
  // Reusing: the graph and lexical segment are shared (nothing closes them); the passage store is
  // opened anew on this generation's (linked) file, since each index closes its own store.
  const base = reusable
    ? { passages: await openStore(dir, reuse.passages.documents, false, corrupt), vectors: reuse.vectors, lexical: reuse.lexical }
    : await loadBase(dir, manifest, rebuildLexical, corrupt);
  const delta = await checkedDelta(dir, manifest, base, rebuildLexical, corrupt);
  return assembleIndex(dir, manifest, base.passages, base.vectors, base.lexical, delta);
}

/** An index without its base graph and lexical segment: what a build that writes a delta needs of the previous one. */
export type PassageIndex = Omit<LoadedIndex, "vectors" | "lexical" | "searchVectors" | "searchKeywords" | "termRarity">;

/**
 * Loads a generation without its base graph and lexical segment (hundreds of MB at 100k passages,
 * read by {@link readBaseVectors} and {@link readBaseLexical} when needed). `undefined` when it
 * cannot do without the lexical segment: its manifest does not record the base's average field
 * lengths (written before they were), or the segment is of another lexical version.
 */
export async function loadGenerationPassages(dir: string): Promise<PassageIndex | undefined> {
  const corrupt = corruptIn(dir);
  const manifest = await checkedManifest(dir, corrupt);
  const averageLengths = manifest.lexicalAverages;
  if (averageLengths === undefined || manifest.lexicalVersion !== LEXICAL_VERSION) return undefined;
  const passages = await openStore(dir, await baseDocuments(dir, manifest, corrupt), manifest.checksums?.[FILES.passages] === undefined, corrupt);
  const delta = await checkedDelta(dir, manifest, { passages, lexical: { averageLengths } }, false, corrupt);
  return assemblePassages(dir, manifest, passages, delta);
}

/** The base graph of a generation loaded by {@link loadGenerationPassages}. */
export async function readBaseVectors(index: PassageIndex): Promise<HierarchicalNSW> {
  return readVectors(index.dir, index.manifest, corruptIn(index.dir));
}

/** The base lexical segment of a generation loaded by {@link loadGenerationPassages}. */
export async function readBaseLexical(index: PassageIndex): Promise<LexicalIndex> {
  return readLexical(index.dir, index.passages, index.manifest.lexicalVersion !== LEXICAL_VERSION, corruptIn(index.dir));
}

const corruptIn = (dir: string) => (what: string, cause?: unknown) =>
  new IndexError("corrupt", `The index in ${dir} is damaged: ${what}. ${REBUILD_HINT}`, { cause });

/** A generation's manifest, once it is known to be of a readable schema and its files of the sizes it lists. */
async function checkedManifest(dir: string, corrupt: (what: string, cause?: unknown) => IndexError, unread: readonly string[] = []): Promise<Manifest> {
  const manifest = await readManifest(dir, FILES.manifest, corrupt);
  // An older layout is not damage: its files are fine for the version that wrote them.
  if (!READABLE_SCHEMA_VERSIONS.includes(manifest.schemaVersion)) {
    throw new IndexError(
      "incompatible",
      `The index in ${dir} was written by another version of hoidap (schema ${manifest.schemaVersion}; this version reads ${SCHEMA_VERSION}). ${REBUILD_HINT}`,
    );
  }
  for (const [name, bytes] of Object.entries(manifest.files)) {
    const actual = await stat(path.join(dir, name)).then((s) => s.size, () => -1);
    if (actual < 0) throw corrupt(`${name} is missing`);
    if (actual !== bytes) throw corrupt(`${name} has ${actual} bytes, the manifest says ${bytes} (truncated or overwritten)`);
  }
  if (manifest.checksums !== undefined) {
    const toCheck = Object.fromEntries(Object.entries(manifest.checksums).filter(([name]) => !unread.includes(name)));
    const mismatch = await firstMismatch(dir, toCheck);
    if (mismatch !== undefined) throw corrupt(mismatch);
  }
  return manifest;
}

/** Reads the generation's delta, if any, and checks the counts against the manifest; closes the base store on failure. */
async function checkedDelta(
  dir: string,
  manifest: Manifest,
  base: { passages: PassageStore; lexical: Pick<LexicalIndex, "averageLengths"> },
  rebuildLexical: boolean,
  corrupt: (what: string, cause?: unknown) => IndexError,
): Promise<IndexDelta | undefined> {
  let delta: IndexDelta | undefined;
  try {
    if (manifest.delta !== undefined) {
      try {
        delta = await readDelta(dir, manifest, base, rebuildLexical);
      } catch (error) {
        throw corrupt(`its delta could not be read (${(error as Error).message})`, error);
      }
    }
    const live = base.passages.live - (delta?.removedCount ?? 0) + (delta?.passages.live ?? 0);
    const labels = labelCount(base.passages) + (delta === undefined ? 0 : labelCount(delta.passages));
    if (labels !== manifest.counts.labels || live !== manifest.counts.passages) {
      throw corrupt(`the passage files hold ${live} passages in ${labels} labels, the manifest says ${manifest.counts.passages} in ${manifest.counts.labels}`);
    }
  } catch (error) {
    closePassageStore(base.passages); // its file stays open otherwise
    throw error;
  }
  return delta;
}

async function openStore(dir: string, documents: readonly DocumentEntry[], verifyChecksum: boolean, corrupt: (what: string, cause?: unknown) => IndexError): Promise<PassageStore> {
  try {
    return await readPassageStore(path.join(dir, FILES.passages), documents, verifyChecksum);
  } catch (error) {
    throw corrupt(`${FILES.passages} could not be read (${(error as Error).message})`, error);
  }
}

async function readManifest(dir: string, name: string, corrupt: (what: string, cause?: unknown) => IndexError): Promise<Manifest> {
  try {
    return ManifestSchema.parse(openSealedJson(await readFile(path.join(dir, name), "utf8")).value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof SyntaxError ? "not valid JSON" : error instanceof Error && error.name !== "ZodError" && code === undefined ? error.message : "invalid";
    throw corrupt(code === "ENOENT" ? `${name} is missing` : `${name} is unreadable or ${why}`, error);
  }
}

/** Reads a generation's base files: the passage store (numbered by the base's manifest), the graph, the lexical segment. */
async function loadBase(
  dir: string,
  manifest: Manifest,
  rebuildLexical: boolean,
  corrupt: (what: string, cause?: unknown) => IndexError,
): Promise<{ passages: PassageStore; vectors: HierarchicalNSW; lexical: LexicalIndex }> {
  const passages = await openStore(dir, await baseDocuments(dir, manifest, corrupt), manifest.checksums?.[FILES.passages] === undefined, corrupt);
  try {
    return await loadVectorsAndLexical(dir, manifest, passages, rebuildLexical, corrupt);
  } catch (error) {
    closePassageStore(passages); // its file stays open otherwise
    throw error;
  }
}

/** The reports the base passage store numbers: those of the base's manifest. */
async function baseDocuments(dir: string, manifest: Manifest, corrupt: (what: string, cause?: unknown) => IndexError): Promise<readonly DocumentEntry[]> {
  return manifest.delta === undefined ? manifest.documents : (await readManifest(dir, FILES.baseManifest, corrupt)).documents;
}

/** The rest of {@link loadBase}, once the passage store is open. */
async function loadVectorsAndLexical(
  dir: string,
  manifest: Manifest,
  passages: PassageStore,
  rebuildLexical: boolean,
  corrupt: (what: string, cause?: unknown) => IndexError,
): Promise<{ passages: PassageStore; vectors: HierarchicalNSW; lexical: LexicalIndex }> {
  const vectors = await readVectors(dir, manifest, corrupt);
  return { passages, vectors, lexical: await readLexical(dir, passages, rebuildLexical, corrupt) };
}

async function readVectors(dir: string, manifest: Manifest, corrupt: (what: string, cause?: unknown) => IndexError): Promise<HierarchicalNSW> {
  try {
    return await readVectorIndex(path.join(dir, FILES.vectors), manifest.model.dimensions, manifest.hnsw);
  } catch (error) {
    throw corrupt(`${FILES.vectors} could not be read (${(error as Error).message})`, error);
  }
}

async function readLexical(dir: string, passages: PassageStore, rebuildLexical: boolean, corrupt: (what: string, cause?: unknown) => IndexError): Promise<LexicalIndex> {
  try {
    return rebuildLexical ? buildLexical(storeTexts(passages)) : loadLexical(await readFile(path.join(dir, FILES.lexical)));
  } catch (error) {
    throw corrupt(`${FILES.lexical} could not be read (${(error as Error).message})`, error);
  }
}

/**
 * Puts the loaded parts together into a {@link LoadedIndex} with its look-up functions. With a
 * delta, labels from `delta.baseLabels` on are the delta's passages, and removed base labels
 * read as free.
 */
export function assembleIndex(dir: string, manifest: Manifest, passages: PassageStore, vectors: HierarchicalNSW, lexical: LexicalIndex, delta?: IndexDelta): LoadedIndex {
  return withSearches({ ...assemblePassages(dir, manifest, passages, delta), vectors, lexical });
}

/** {@link assembleIndex} without the base graph and lexical segment. */
function assemblePassages(dir: string, manifest: Manifest, passages: PassageStore, delta?: IndexDelta): PassageIndex {
  const documents = new Map<string, DocumentEntry>(manifest.documents.map((d) => [d.id, d]));
  const index: PassageIndex = {
    dir,
    manifest,
    passageAt: (label) => passageAt(passages, label),
    passageById(id) {
      const label = labelOf(passages, id);
      return label === undefined ? undefined : passageAt(passages, label);
    },
    passages,
    documents,
    close: () => closePassageStore(passages),
  };
  if (delta === undefined) return index;
  const shift = delta.baseLabels;
  return {
    ...index,
    passageAt(label) {
      if (label >= shift) return passageAt(delta.passages, label - shift, shift);
      return delta.removed[label] === 1 ? undefined : passageAt(passages, label);
    },
    passageById(id) {
      const row = labelOf(delta.passages, id);
      if (row !== undefined) return passageAt(delta.passages, row, shift);
      const label = labelOf(passages, id);
      return label === undefined || delta.removed[label] === 1 ? undefined : passageAt(passages, label);
    },
    delta,
    close() {
      closePassageStore(passages);
      closePassageStore(delta.passages);
    },
  };
}
