/**
 * Runs one reindex in a child process (reindex-child.ts) at a lower CPU priority than the bot.
 *
 * Why a process and not a worker thread: onnxruntime-node runs the model synchronously on the
 * calling thread, and the build has long synchronous steps of its own (lexical merge, serialising
 * the passages, HNSW inserts); in a separate process none of it can block the bot's event loop, the
 * kernel gives the bot's threads the cores first, and no native state (onnxruntime, sharp) is
 * shared — a worker thread started after another was terminated once crashed the whole process.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Embedder } from "../embed/mod.ts";
import type { BuildProgress, BuildSummary } from "../index/mod.ts";
import { FailureError, OUT_OF_MEMORY, failureReason } from "../failure.ts";
import type { Logger } from "../log.ts";
import { reason } from "../read/mod.ts";
import type { Reason } from "../read/mod.ts";
import type { ChildMessage, ParentMessage, ReindexJob } from "./reindex-protocol.ts";

const CHILD_ENTRY = fileURLToPath(new URL("./reindex-child.ts", import.meta.url));

/** How much nicer than the bot the reindex process runs by default (Linux nice values: 19 is the least favoured). */
export const NICE_STEP = 10;
/** After an abort, how long the child may take to stop by itself (and remove its unfinished generation) before it is killed. */
export const STOP_GRACE_MS = 5_000;
/** After its last message, how long the child may take to exit before it is killed. */
const EXIT_GRACE_MS = 5_000;
/** Characters of the child's stderr kept to explain a crash. */
const STDERR_TAIL = 4_000;

/** What {@link runReindexProcess} needs. */
export interface ReindexProcessOptions {
  /** The job without its priority (chosen here, relative to this process). */
  job: Omit<ReindexJob, "nice">;
  /** How many nice steps below this process the child runs (default {@link NICE_STEP}; the result is at most 19). */
  niceStep?: number;
  /** Embeds passages for the child when `job.embedder.kind` is `parent`. */
  embedder: Embedder;
  onProgress: (progress: BuildProgress) => void;
  /** Aborting asks the child to stop, and kills it if it has not within {@link STOP_GRACE_MS}. */
  signal: AbortSignal;
  log: Logger;
}

/** What a successful reindex process reports: the new generation (in force on disk) and what it did. */
export interface ReindexProcessResult {
  dir: string;
  summary: BuildSummary;
}

/**
 * The child runs with tsx's loader (the sources are TypeScript) whether this process runs under
 * tsx (`npm start`), vitest or the bench; the loader is resolved to a file URL so the child does
 * not depend on the working directory. A heap limit given to this process applies to the child too.
 */
function childExecArgv(): string[] {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return ["--import", tsx, ...process.execArgv.filter((a) => a.startsWith("--max-old-space-size="))];
}

/** This process's environment without secrets: the child needs none, and must never hold the bot token. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/TOKEN|KEY|SECRET|PASSWORD/i.test(key)) env[key] = value;
  }
  return env;
}

/** The priority for the child: `step` below this process's, at most 19. */
function childNice(step: number): number {
  let own = 0;
  try {
    own = os.getPriority();
  } catch {
    // Unknown: assume the default.
  }
  return Math.min(19, own + Math.max(0, step));
}

/**
 * Why a child that sent no result ended, in words an admin can act on: out of memory (V8 or the
 * allocator said so on stderr), killed (SIGKILL: the kernel's OOM killer, usually), another
 * signal, or an exit code, with the stderr line that tells what happened.
 */
export function crashReason(code: number | null, signal: NodeJS.Signals | null, stderr: string): Reason {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  if (lines.some((l) => OUT_OF_MEMORY.test(l))) return reason("failure.reindex_out_of_memory");
  if (signal === "SIGKILL") return reason("failure.reindex_killed");
  // A native stack trace follows V8's "FATAL ERROR" line; the line that says what happened is wanted.
  const telling = [...lines].reverse().find((l) => /fatal|error|malloc|abort|assert/i.test(l) && !/^\d+: 0x/.test(l)) ?? lines.at(-1);
  const how = signal !== null ? reason("failure.reindex_died", { signal }) : reason("failure.reindex_exited", { code: String(code) });
  return telling === undefined ? how : reason("failure.with_detail", { what: how, detail: telling.slice(0, 300) });
}

function abortError(): Error {
  const error = new FailureError(reason("failure.stopped"), "The reindex was stopped.");
  error.name = "AbortError";
  return error;
}

/** The process could not be started: rare (no memory for a new process, too many processes). */
function notStarted(error: Error): Error {
  return new FailureError(reason("failure.reindex_not_started", { detail: error.message }), `could not start the reindex process: ${error.message}`, { cause: error });
}

/**
 * Forks the reindex process, sends it the job and relays its progress. Resolves once the child has
 * written the new generation, put it in force on disk and exited; rejects with the build's own
 * error, with an `AbortError` after {@link ReindexProcessOptions.signal} aborts, or with a
 * {@link crashReason} when the child dies without a result. Every rejection is a
 * {@link FailureError}: the build's reason is worked out in the child, where the error was thrown,
 * and sent as data, so the admin reads it in their language. The index the caller serves is never
 * touched; a generation left half-written by a killed child is removed by the next build.
 */
export function runReindexProcess(options: ReindexProcessOptions): Promise<ReindexProcessResult> {
  const { log, signal } = options;
  if (signal.aborted) return Promise.reject(abortError());
  const nice = childNice(options.niceStep ?? NICE_STEP);
  let child: ChildProcess;
  try {
    child = fork(CHILD_ENTRY, [], {
      execArgv: childExecArgv(),
      env: childEnv(),
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
  } catch (error) {
    return Promise.reject(notStarted(error as Error));
  }
  try {
    // At once, so what the child starts from now on inherits it; the child lowers its other threads itself.
    if (child.pid !== undefined) os.setPriority(child.pid, nice);
  } catch (error) {
    log.debug({ reason: (error as Error).message }, "could not lower the reindex process's priority");
  }
  log.debug({ pid: child.pid, nice }, "reindex process started");

  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  child.stdout?.on("data", () => {}); // drained, so a chatty library never blocks the child

  const post = (message: ParentMessage) => {
    if (child.connected) child.send(message, (error) => error && log.debug({ reason: error.message }, "could not reach the reindex process"));
  };

  return new Promise<ReindexProcessResult>((resolve, reject) => {
    let final: Extract<ChildMessage, { type: "done" | "failed" }> | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const killAfter = (ms: number) => {
      clearTimeout(killTimer);
      killTimer = setTimeout(() => child.kill("SIGKILL"), ms);
    };
    const onAbort = () => {
      post({ type: "abort" });
      killAfter(STOP_GRACE_MS);
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      signal.removeEventListener("abort", onAbort);
      outcome();
    };

    child.on("message", (message: ChildMessage) => {
      switch (message.type) {
        case "progress":
          if (final === undefined) options.onProgress(message.progress);
          break;
        case "embed":
          options.embedder.embedPassages(message.texts).then(
            (vectors) => post({ type: "vectors", id: message.id, vectors }),
            (error: Error) => post({ type: "embed-failed", id: message.id, name: error?.name ?? "Error", message: error?.message ?? String(error), reason: failureReason(error) }),
          );
          break;
        case "done":
        case "failed":
          final = message;
          killAfter(EXIT_GRACE_MS);
          break;
      }
    });
    child.on("error", (error) => {
      // Spawning failed (no 'exit' follows), or a kill/send failed on a child that is already gone.
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
        settle(() => reject(notStarted(error)));
      }
    });
    child.on("exit", (code, exitSignal) => {
      settle(() => {
        if (final?.type === "done") return resolve({ dir: final.dir, summary: final.summary });
        if (final?.type === "failed") {
          const error = new FailureError(final.reason, final.message);
          error.name = final.name;
          return reject(error);
        }
        // A stop signal to the process group reaches the child too; one still starting (its handler
        // not yet installed) ends by it. That is a stop, not a crash.
        if (signal.aborted || exitSignal === "SIGTERM" || exitSignal === "SIGINT") return reject(abortError());
        log.error({ pid: child.pid, code, signal: exitSignal, stderr: stderr.slice(-1000) }, "the reindex process ended without a result");
        reject(new FailureError(crashReason(code, exitSignal, stderr)));
      });
    });
    signal.addEventListener("abort", onAbort, { once: true });
    post({ type: "start", job: { ...options.job, nice } });
  });
}
