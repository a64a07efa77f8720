/**
 * The embedding worker thread (see passage-worker.ts): loads its own copy of the model, then embeds
 * the batches it is sent, one at a time, and sends the vectors back (their buffers transferred).
 */
import { parentPort, workerData } from "node:worker_threads";
import { embedBatch, openModel } from "./embedder.ts";
import type { PassageWorkerData, WorkerReply } from "./passage-worker.ts";

const port = parentPort!;
const { config, threads } = workerData as PassageWorkerData;
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const { extractor } = await openModel(config, threads);
  port.on("message", ({ id, texts }: { id: number; texts: string[] }) => {
    embedBatch(extractor, texts).then(
      (rows) => send({ kind: "rows", id, rows }, rows.map((r) => r.buffer as ArrayBuffer)),
      (error: unknown) => send({ kind: "error", id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  send({ kind: "ready" });
} catch (error) {
  send({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
}
