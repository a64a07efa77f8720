import os from "node:os";
import { Worker } from "node:worker_threads";
import { concatPostings } from "./postings.ts";
import type { Postings } from "./postings.ts";
import { buildLexical, FIELDS, lexicalIndexOf } from "./segment.ts";
import type { LexicalDocument, LexicalIndex } from "./segment.ts";

/**
 * Below this many passages a single thread is quicker than starting workers (each takes ~0.7 s
 * to load the TypeScript sources).
 */
const PARALLEL_MIN_PASSAGES = 20_000;
/** Threads beyond this gain little: joining the slices and the passages' transfer grow with them. */
const MAX_THREADS = 4;

/** How {@link buildLexicalInParallel} divides the work; every field has a default. */
export interface ParallelOptions {
  /** Threads to use (default: the cores, at most 4). */
  threads?: number;
  /** Fewer passages than this are indexed on the calling thread (default 20,000). */
  minPassages?: number;
  /** Told when the workers failed and the index was built on the calling thread instead. */
  onFallback?: (error: Error) => void;
}

/**
 * {@link buildLexical} on several cores: the passages are cut into contiguous slices, each indexed
 * in a worker thread, and the slices joined in order — the same index, in about 1/threads of the
 * time (the keyword index is most of a first build: docs/measurements/2026-12-02-first-answer.md).
 * The calling thread stays free meanwhile. Small inputs, one core, or a worker that cannot start
 * (no TypeScript loader) build on this thread instead.
 */
export async function buildLexicalInParallel(docs: readonly LexicalDocument[], averages?: readonly number[], options: ParallelOptions = {}): Promise<LexicalIndex> {
  const threads = options.threads ?? defaultThreads();
  if (threads < 2 || docs.length < (options.minPassages ?? PARALLEL_MIN_PASSAGES)) return buildLexical(docs, averages);
  const size = Math.ceil(docs.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => docs.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  let parts: Postings[];
  try {
    parts = await Promise.all(slices.map(indexInWorker));
  } catch (error) {
    options.onFallback?.(error as Error);
    return buildLexical(docs, averages);
  }
  return lexicalIndexOf(concatPostings(FIELDS.length, parts), undefined, averages);
}

function defaultThreads(): number {
  return Math.min(MAX_THREADS, os.availableParallelism());
}

/**
 * Runs build-worker.ts on `docs`. The worker loads the sources through tsx's loader, registered in
 * the worker itself: a worker does not inherit the `--import tsx` of its process.
 */
function indexInWorker(docs: readonly LexicalDocument[]): Promise<Postings> {
  const loader = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./build-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: docs });
    worker.once("message", (postings: Postings) => {
      resolve(postings);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the keyword index worker exited with code ${code}`)));
  });
}
