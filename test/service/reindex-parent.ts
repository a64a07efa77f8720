/**
 * A stand-in for the bot's process in the orphan test: it starts a reindex child exactly as the
 * service does (the real model loading, `kind: "config"`), prints the child's pid, and waits to be
 * killed. Run with `node --import tsx`; the configuration comes from the environment.
 */
import pino from "pino";
import { loadConfig } from "../../src/config.ts";
import { currentGeneration } from "../../src/index/mod.ts";
import { runReindexProcess } from "../../src/service/reindex-process.ts";

const config = loadConfig();
const log = pino({ level: "debug" }, pino.destination({ dest: 1, sync: true }));
const previousDir = await currentGeneration(config.index.dir);
await runReindexProcess({
  job: {
    corpus: config.corpus,
    index: config.index,
    embedding: config.embedding,
    embedder: { kind: "config" },
    model: { id: config.embedding.model, dimensions: Number(process.env.TEST_DIMENSIONS) },
    ...(previousDir === undefined ? {} : { previousDir }),
  },
  niceStep: 0,
  embedder: undefined as never, // the child loads its own model
  onProgress: () => {},
  signal: new AbortController().signal,
  log,
}).catch(() => undefined);
