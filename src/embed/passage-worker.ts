/**
 * Passage embedding in a worker thread, so that building an index does not stop this thread from
 * answering questions.
 *
 * onnxruntime-node runs a model synchronously on the calling thread (its `run` only defers to the
 * next tick), so on the main thread every passage batch of a reindex blocks the event loop for as
 * long as the model takes — seconds with multilingual-e5-small — and a question waits behind it.
 * A worker thread holds its own copy of the model; the main thread keeps its copy for questions.
 *
 * The worker starts with the embedder (loading a model takes seconds, and a reindex that starts
 * before it is ready would run on this thread) and lives until the embedder is disposed. Batches
 * sent before it is ready run on the calling thread instead; if it cannot start at all, every
 * batch does, after one warning.
 *
 * Caution (measured, not understood yet): twice in six bench runs the process died with a glibc
 * heap error when a worker was started after another one had been terminated in the same process
 * (onnxruntime-node 1.14 and sharp are native addons loaded once per thread). So the worker is not
 * stopped when idle, and the service does not use this mode by default; a child process would
 * not share native state.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { EmbeddingConfig } from "../config.ts";

/** What the worker thread is started with. */
export interface PassageWorkerData {
  config: EmbeddingConfig;
  threads?: number;
}

/** Messages from the worker thread. */
export type WorkerReply =
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  | { kind: "rows"; id: number; rows: Float32Array[] }
  | { kind: "error"; id: number; message: string };

/** Passage batches, run in the worker when it is up, on the calling thread otherwise. */
export interface PassageWorkerPool {
  /** Embeds one batch of already-prefixed texts; `here` runs it on the calling thread when the worker cannot. */
  embed(texts: string[], here: () => Promise<Float32Array[]>): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * The worker's entry point is TypeScript, like the rest of hoidap. Module hooks (tsx's loader) are
 * not inherited by worker threads on Node 20, so the worker registers tsx itself before importing it.
 */
function workerBootstrap(): string {
  const entry = new URL("./passage-worker-thread.ts", import.meta.url).href;
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
}

/** A pool of one worker thread for `config`'s model, starting now. */
export function passageWorkerPool(config: EmbeddingConfig, threads?: number): PassageWorkerPool {
  let worker: Worker | undefined;
  let ready = false;
  let failed = false;
  let nextId = 0;
  const pending = new Map<number, { resolve: (rows: Float32Array[]) => void; reject: (e: Error) => void; here: () => Promise<Float32Array[]> }>();

  const stop = () => {
    const w = worker;
    worker = undefined;
    ready = false;
    return w?.terminate();
  };

  const giveUp = (reason: string) => {
    if (!failed) process.emitWarning(`passages are embedded on the main thread: the embedding worker could not start (${reason})`);
    failed = true;
    void stop();
    // Batches already sent are run here instead.
    for (const [id, p] of pending) {
      pending.delete(id);
      p.here().then(p.resolve, p.reject);
    }
  };

  const start = () => {
    const data: PassageWorkerData = { config, threads };
    const w = new Worker(workerBootstrap(), { eval: true, workerData: data });
    w.unref();
    worker = w;
    w.on("message", (reply: WorkerReply) => {
      if (reply.kind === "ready") ready = true;
      else if (reply.kind === "failed") giveUp(reply.message);
      else {
        const p = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.kind === "rows") p?.resolve(reply.rows);
        else p?.reject(new Error(reply.message));
      }
    });
    w.on("error", (error) => giveUp(error.message));
    w.on("exit", () => {
      if (worker === w && pending.size > 0) giveUp("the worker stopped");
      if (worker === w) worker = undefined;
    });
  };

  start();
  return {
    embed(texts, here) {
      if (failed) return here();
      if (worker === undefined) start();
      if (!ready) return here();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, here });
        worker!.postMessage({ id, texts });
      });
    },
    async close() {
      failed = true; // nothing new starts after close
      await stop();
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error("the embedder was disposed"));
      }
    },
  };
}
