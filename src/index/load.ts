import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import { IndexError, REBUILD_HINT } from "./errors.ts";
import { FILES } from "./files.ts";
import { currentGeneration } from "./generations.ts";
import { LEXICAL_VERSION, buildLexical, loadLexical } from "./lexical.ts";
import type { LexicalIndex } from "./lexical.ts";
import { ManifestSchema, SCHEMA_VERSION } from "./manifest.ts";
import type { Manifest } from "./manifest.ts";
import { allTexts, closePassageStore, labelOf, passageAt, passageIdAt, readPassageStore } from "./passage-store.ts";
import type { PassageStore } from "./passage-store.ts";
import type { DocumentEntry, LoadedIndex } from "./types.ts";
import { readVectorIndex } from "./vectors.ts";

/**
 * Loads the index in force under `indexDir` (the generation its `CURRENT` file names).
 * Throws an {@link IndexError}: `missing` when there is none, `corrupt` when a file is damaged,
 * `incompatible` when it was written by a version of hoidap with another on-disk layout.
 */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await currentGeneration(indexDir);
  if (dir === undefined) throw new IndexError("missing", `No index in ${indexDir} yet. ${REBUILD_HINT.replace("rebuild", "build")}`);
  return loadGeneration(dir);
}

/** Loads one generation directory, checking every file against its manifest before a native reader sees it. */
export async function loadGeneration(dir: string): Promise<LoadedIndex> {
  const corrupt = (what: string, cause?: unknown) =>
    new IndexError("corrupt", `The index in ${dir} is damaged: ${what}. ${REBUILD_HINT}`, { cause });

  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(path.join(dir, FILES.manifest), "utf8")));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw corrupt(code === "ENOENT" ? "manifest.json is missing" : "manifest.json is unreadable or invalid", error);
  }
  // An older layout is not damage: its files are fine for the version that wrote them.
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
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

  let passages: PassageStore;
  try {
    passages = await readPassageStore(path.join(dir, FILES.passages), manifest.documents);
  } catch (error) {
    throw corrupt(`${FILES.passages} could not be read (${(error as Error).message})`, error);
  }
  try {
    return await loadWithPassages(dir, manifest, passages, corrupt);
  } catch (error) {
    closePassageStore(passages); // its file stays open otherwise
    throw error;
  }
}

/** The rest of {@link loadGeneration}, once the passage store is open. */
async function loadWithPassages(dir: string, manifest: Manifest, passages: PassageStore, corrupt: (what: string, cause?: unknown) => IndexError): Promise<LoadedIndex> {
  if (passages.doc.length !== manifest.counts.labels || passages.live !== manifest.counts.passages) {
    throw corrupt(`${FILES.passages} has ${passages.live} passages in ${passages.doc.length} labels, the manifest says ${manifest.counts.passages} in ${manifest.counts.labels}`);
  }
  let vectors: HierarchicalNSW;
  try {
    vectors = await readVectorIndex(path.join(dir, FILES.vectors), manifest.model.dimensions);
  } catch (error) {
    throw corrupt(`${FILES.vectors} could not be read`, error);
  }
  let lexical: LexicalIndex;
  try {
    // A lexical index of another version (older text processing or file layout) is rebuilt from
    // the passages rather than read: the vectors are still valid, and the next build writes it anew.
    lexical =
      manifest.lexicalVersion === LEXICAL_VERSION
        ? loadLexical(await readFile(path.join(dir, FILES.lexical)))
        : buildLexical(livePassages(passages));
  } catch (error) {
    throw corrupt(`${FILES.lexical} could not be read`, error);
  }
  return assembleIndex(dir, manifest, passages, vectors, lexical);
}

/** Every live passage's id and text, in label order (to rebuild the lexical index from them). */
function livePassages(store: PassageStore): { id: string; text: string }[] {
  return allTexts(store).flatMap((text, label) => (text === undefined ? [] : [{ id: passageIdAt(store, label)!, text }]));
}

/** Puts the loaded parts together into a {@link LoadedIndex} with its look-up functions. */
export function assembleIndex(dir: string, manifest: Manifest, passages: PassageStore, vectors: HierarchicalNSW, lexical: LexicalIndex): LoadedIndex {
  const documents = new Map<string, DocumentEntry>(manifest.documents.map((d) => [d.id, d]));
  return {
    dir,
    manifest,
    passageAt: (label) => passageAt(passages, label),
    passageById(id) {
      const label = labelOf(passages, id);
      return label === undefined ? undefined : passageAt(passages, label);
    },
    passages,
    documents,
    vectors,
    lexical,
    close: () => closePassageStore(passages),
  };
}
