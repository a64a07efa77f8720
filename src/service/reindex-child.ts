/**
 * The reindex process: forked by the service (reindex-process.ts) for one reindex, it runs the real
 * `buildGeneration` with the config slices it is sent (it never reads the environment), reports progress
 * over IPC, and exits. The model runs here, at a low CPU priority, so onnxruntime's synchronous
 * inference and the build's long synchronous steps never hold up the bot's event loop.
 */
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { keywordOnlyEmbedder, loadEmbedder } from "../embed/mod.ts";
import { FailureError, failureReason } from "../failure.ts";
import type { Embedder } from "../embed/mod.ts";
import { BUILD_LOCK } from "../index/mod.ts";
import type { BuildProgress } from "../index/mod.ts";
import { buildGeneration, fillVectors } from "../ingest/mod.ts";
import type { ChildMessage, EmbedderModule, ParentMessage, ReindexJob } from "./reindex-protocol.ts";

/** After the parent has gone, how long the build may take to notice the abort before the process just exits. */
const ORPHAN_EXIT_MS = 2_000;

const abort = new AbortController();
const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
let nextRequest = 0;
let started = false;
/** The build lock of the index this process builds, once known. */
let lockFile: string | undefined;

/** Removes the build lock if this process holds it (a forced exit skips the build's own release). */
function releaseOwnLock(file: string): void {
  try {
    if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
  } catch {
    // No lock, or not ours.
  }
}

/** Sends a message and waits until it has been handed to the channel (so exiting right after loses nothing). */
function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Lowers the priority of every thread of this process. Linux keeps a nice value per thread and
 * setpriority() on the process id changes only the main thread: the V8 and libuv threads started
 * before the parent's call, and onnxruntime's pool, would otherwise keep competing with the bot.
 */
function reniceThreads(nice: number): void {
  let tids: number[] = [];
  try {
    tids = readdirSync("/proc/self/task").map(Number).filter(Number.isInteger);
  } catch {
    // Not Linux: the process-wide call below is all there is.
  }
  for (const tid of tids) {
    try {
      os.setPriority(tid, nice);
    } catch {
      // A thread that has just ended.
    }
  }
  try {
    os.setPriority(nice);
  } catch {
    // Not permitted here; the build still runs, only at the parent's priority.
  }
}

/** Passages embedded by the parent's embedder over IPC (for a service opened with an injected embedder). */
function parentEmbedder(modelId: string, dimensions: number): Embedder {
  return {
    modelId,
    dimensions,
    embedPassages(texts, onProgress) {
      const id = nextRequest++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        void send({ type: "embed", id, texts: [...texts] });
      }).then((vectors) => {
        onProgress?.(texts.length, texts.length);
        return vectors;
      });
    },
    embedQuery: () => Promise.reject(new Error("the reindex process embeds no questions")),
    dispose: async () => {},
  };
}

async function moduleEmbedder(spec: EmbedderModule): Promise<Embedder> {
  const url = spec.module.startsWith("file:") ? spec.module : pathToFileURL(spec.module).href;
  const exports = (await import(url)) as Record<string, unknown>;
  const name = spec.name ?? "createEmbedder";
  const factory = exports[name];
  if (typeof factory !== "function") throw new Error(`${spec.module} has no function "${name}" to make the reindex embedder`);
  return (await (factory as (options: unknown) => Promise<Embedder>)(spec.options)) as Embedder;
}

async function makeEmbedder(job: ReindexJob): Promise<Embedder> {
  const source = job.embedder;
  const embedder =
    source.kind === "none"
      ? keywordOnlyEmbedder
      : source.kind === "parent"
      ? parentEmbedder(job.model.id, job.model.dimensions)
      : source.kind === "module"
        ? await moduleEmbedder(source.spec)
        : await loadEmbedder(job.embedding);
  if (embedder.modelId !== job.model.id || embedder.dimensions !== job.model.dimensions) {
    throw new Error(
      `the reindex process loaded model ${embedder.modelId} (${embedder.dimensions} dimensions), but the index in use is for ${job.model.id} (${job.model.dimensions})`,
    );
  }
  return embedder;
}

async function run(job: ReindexJob): Promise<void> {
  try {
    reniceThreads(job.nice);
    const embedder = await makeEmbedder(job);
    reniceThreads(job.nice); // the model's runtime threads have just been created
    const onProgress = (progress: BuildProgress) => void send({ type: "progress", progress });
    // For a build: the generation the parent serves, loaded by the build without its graph and
    // lexical segment unless it compacts; the parent loads the result itself, so none is kept here.
    const { dir, summary } =
      job.task === "fill"
        ? await fillVectors({ index: job.index, embedding: job.embedding, embedder, signal: abort.signal, onProgress })
        : await buildGeneration({
            corpus: job.corpus,
            index: job.index,
            embedding: job.embedding,
            embedder,
            ...(job.previousDir === undefined ? {} : { previousDir: job.previousDir }),
            signal: abort.signal,
            onProgress,
          });
    await send({ type: "done", dir, summary });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    await send({ type: "failed", name: e.name, message: e.message || String(error), reason: failureReason(error) });
  }
  // No dispose: the process ends here, and with it the model and any thread it started.
  process.exit(0);
}

if (process.send === undefined) {
  console.error("reindex-child.ts is started by the service (child_process.fork), not by hand.");
  process.exit(2);
}

process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "start":
      if (!started) {
        started = true;
        lockFile = path.join(message.job.index.dir, BUILD_LOCK);
        void run(message.job);
      }
      break;
    case "abort":
      abort.abort();
      break;
    case "vectors":
      pending.get(message.id)?.resolve(message.vectors);
      pending.delete(message.id);
      break;
    case "embed-failed":
      pending.get(message.id)?.reject(Object.assign(new FailureError(message.reason, message.message), { name: message.name }));
      pending.delete(message.id);
      break;
  }
});

// A stop signal to the whole process group (systemd, docker stop, Ctrl-C) reaches this process
// too: it stops as when the parent asks, reporting an abort (not a crash) while the parent winds down.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => abort.abort());

// The parent has gone (crashed, killed): nobody will load the result, so stop; the build removes
// its unfinished generation and releases the lock when it notices the abort. If it has not within
// a few seconds (a long synchronous step), the process exits anyway, releasing the lock itself.
process.on("disconnect", () => {
  abort.abort();
  for (const request of pending.values()) request.reject(namedError("AbortError", "the service has gone"));
  pending.clear();
  setTimeout(() => {
    if (lockFile !== undefined) releaseOwnLock(lockFile);
    process.exit(1);
  }, ORPHAN_EXIT_MS).unref();
});
