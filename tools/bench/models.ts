/**
 * The two models the bench uses, and embedders composed from them.
 *
 * - The cost model — the multilingual-e5-small stand-in (or `--model DIR`) — gives honest embedding
 *   times. Its vectors are noise, and embedding 100k passages with it would take hours on 2 cores.
 * - The index model — the generated lookup model at 384 dimensions, vocabulary from the corpus —
 *   gives vectors of the real dimension that cluster by shared words, fast enough for 100k passages.
 *   Every index-scale figure (HNSW, lexical, load, memory, reindex) is measured on its vectors.
 *
 * {@link costedEmbedder} joins them: the cost model's time and thread behaviour, the index model's
 * vectors. That is how "question latency including embedding" and "questions during a reindex" are
 * measured at 100k passages with a real model's cost.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readVocabularyText, writeStandInModel, writeTestModel } from "../models/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";

const GENERATOR_SOURCES = ["../models/stand-in-model.ts", "../models/xlm-r-model.ts", "../models/onnx-writer.ts"].map((f) =>
  fileURLToPath(new URL(f, import.meta.url)),
);

/** Writes into a scratch directory and renames it into place, so a cached model is always complete. */
async function writeOnce(dir: string, write: (scratch: string) => Promise<unknown>): Promise<string> {
  if (existsSync(dir)) return dir;
  const scratch = `${dir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await write(scratch);
  try {
    await rename(scratch, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
    await rm(scratch, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The e5-small stand-in, generated once per generator version into the OS temp directory (about
 * 590 MB: fp32 and int8 files) and reused. Its vocabulary comes from `seedsDir`; the vocabulary
 * does not change its cost (every word is one token either way, known or not).
 */
export async function standInModelDir(seedsDir: string, cacheRoot = path.join(os.tmpdir(), "hoidap-bench")): Promise<{ dir: string; generated: boolean; ms: number }> {
  const text = await readVocabularyText([seedsDir]);
  const hash = createHash("sha256").update(text);
  for (const file of GENERATOR_SOURCES) hash.update(await readFile(file));
  // "e5" in the name: the E5 prefixes are added, as they are for the real model.
  const dir = path.join(cacheRoot, `e5-small-stand-in-${hash.digest("hex").slice(0, 12)}`);
  const generated = !existsSync(dir);
  const start = performance.now();
  await writeOnce(dir, (scratch) => writeStandInModel(scratch, { text }));
  return { dir, generated, ms: performance.now() - start };
}

/**
 * The fast index model: the lookup model at `dimensions`, its vocabulary from `text` (the corpus).
 * It is the BERT-shaped one (WordPiece, one form per word): only its vectors are used here, and on
 * a news corpus the XLM-R-shaped generator's vocabulary (each word with and without diacritics and
 * capitals, after a space or not) is about twice as large and slower to build
 * (docs/measurements/2026-12-02-xlm-r-test-model.md).
 */
export async function indexModelDir(root: string, text: string, dimensions: number): Promise<{ dir: string; vocabularySize: number; ms: number }> {
  const dir = path.join(root, `lookup-${dimensions}`);
  const start = performance.now();
  const info = await writeTestModel(dir, { text, dimensions });
  return { dir, vocabularySize: info.vocabularySize, ms: performance.now() - start };
}

/**
 * An embedder that remembers every vector it computed (passages by text, questions by text), so the
 * index build and the searches reuse the vectors measured once instead of computing them again.
 */
export function memoEmbedder(inner: Embedder): Embedder & { remember(texts: readonly string[], vectors: readonly Float32Array[]): void } {
  const passages = new Map<string, Float32Array>();
  const queries = new Map<string, Float32Array>();
  return {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    remember(texts, vectors) {
      texts.forEach((t, i) => passages.set(t, vectors[i]!));
    },
    async embedPassages(texts, onProgress) {
      const missing = [...new Set(texts.filter((t) => !passages.has(t)))];
      if (missing.length > 0) {
        const vectors = await inner.embedPassages(missing);
        missing.forEach((t, i) => passages.set(t, vectors[i]!));
      }
      onProgress?.(texts.length, texts.length);
      return texts.map((t) => passages.get(t)!);
    },
    async embedQuery(text) {
      let v = queries.get(text);
      if (v === undefined) queries.set(text, (v = await inner.embedQuery(text)));
      return v;
    },
    dispose: () => inner.dispose(),
  };
}

/**
 * The cost model's work with the index model's vectors: every call runs `cost` on the same texts
 * (same time, same threads, same blocking) and returns `vectors`' result. Its identity is the
 * index model's, so it can search and update an index built with that model.
 */
export function costedEmbedder(vectors: Embedder, cost: Embedder): Embedder {
  return {
    modelId: vectors.modelId,
    dimensions: vectors.dimensions,
    async embedPassages(texts, onProgress) {
      await cost.embedPassages(texts);
      return vectors.embedPassages(texts, onProgress);
    },
    async embedQuery(text) {
      await cost.embedQuery(text);
      return vectors.embedQuery(text);
    },
    dispose: async () => {},
  };
}
