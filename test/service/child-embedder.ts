/**
 * The reindex process's embedder in these tests (loaded there through `OpenOptions.reindexEmbedder`):
 * the generated test model, which records the process it runs in and, as the test asks through a
 * file it reads at every call, embeds, dies at once (as the OOM killer would kill it), or never answers.
 */
import { appendFileSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import type { EmbeddingConfig } from "../../src/config.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";

/** What the test tells the embedder to do with passages. */
export type Behaviour = "embed" | "crash" | "hang";

/** Options, sent as plain data from the test process. */
export interface ChildEmbedderOptions {
  embedding: EmbeddingConfig;
  /** At each call the process appends a line here: its pid, then the nice value of each of its threads. */
  pidFile: string;
  /** Holds a {@link Behaviour}; read at every call. */
  behaviourFile: string;
}

/** The factory the reindex process calls. */
export async function createEmbedder(options: ChildEmbedderOptions): Promise<Embedder> {
  const inner = await loadEmbedder(options.embedding);
  return {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    embedQuery: (text) => inner.embedQuery(text),
    async embedPassages(texts, onProgress) {
      const nices = readdirSync("/proc/self/task").map((tid) => os.getPriority(Number(tid)));
      appendFileSync(options.pidFile, `${process.pid} ${nices.join(",")}\n`);
      const behaviour = readFileSync(options.behaviourFile, "utf8").trim() as Behaviour;
      if (behaviour === "crash") process.kill(process.pid, "SIGKILL");
      if (behaviour === "hang") await new Promise(() => {});
      return inner.embedPassages(texts, onProgress);
    },
    dispose: () => inner.dispose(),
  };
}
