/**
 * What embedding costs with the cost model: passages per second, tokens per passage, question
 * latency — and (`--parallelism`) how passage embedding on the main thread compares with a worker
 * thread, for throughput and for questions asked meanwhile.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PreTrainedTokenizer } from "@xenova/transformers";
import type { EmbeddingConfig } from "../config.ts";
import { choosePrefixes, loadEmbedder } from "../embed/mod.ts";
import type { Embedder, EmbedderOptions } from "../embed/mod.ts";
import { latencies, summarize, timed, type Latency } from "./stats.ts";
import type { ParallelismFigures } from "./types.ts";

/** Mean tokens per text as the model's own tokenizer counts them (prefix, [CLS] and [SEP] included, truncated at its maximum). */
export async function tokensPerText(modelDir: string, texts: readonly string[], prefix: string): Promise<number> {
  const json = JSON.parse(await readFile(path.join(modelDir, "tokenizer.json"), "utf8")) as object;
  const config = JSON.parse(await readFile(path.join(modelDir, "tokenizer_config.json"), "utf8")) as { model_max_length?: number };
  const tokenizer = new PreTrainedTokenizer(json, config);
  const max = typeof config.model_max_length === "number" && config.model_max_length < 100_000 ? config.model_max_length : 512;
  let total = 0;
  for (const text of texts) {
    const ids = (tokenizer.encode(prefix + text) as number[]).length;
    total += Math.min(ids, max);
  }
  return texts.length === 0 ? 0 : total / texts.length;
}

/** Throughput of embedding `passages` in groups of `group` (one call per report, as indexing does). */
async function embedInGroups(embedder: Embedder, passages: readonly string[], group: number): Promise<{ ms: number; cpuMs: number }> {
  const { ms, cpuMs } = await timed(async () => {
    for (let i = 0; i < passages.length; i += group) await embedder.embedPassages(passages.slice(i, i + group));
  });
  return { ms, cpuMs };
}

/** The cost model's figures on a sample. */
export interface CostFigures {
  samplePassages: number;
  tokensPerPassage: number;
  passagesPerSecond: number;
  coresUsed: number;
  query: Latency;
}

/**
 * Embeds `passages` (after a warm-up batch, so session start-up is not counted) and `queries` one
 * at a time with the cost model, on the calling thread.
 */
export async function measureCost(embedder: Embedder, modelDir: string, model: string, passages: readonly string[], queries: readonly string[]): Promise<CostFigures> {
  await embedder.embedPassages(passages.slice(0, 4));
  await embedder.embedQuery(queries[0] ?? "hoidap");
  const { ms, cpuMs } = await timed(() => embedder.embedPassages(passages));
  const query = summarize(await latencies(queries, (q) => embedder.embedQuery(q)));
  const prefixes = choosePrefixes(model);
  return {
    samplePassages: passages.length,
    tokensPerPassage: await tokensPerText(modelDir, passages, prefixes.passage),
    passagesPerSecond: (passages.length / ms) * 1000,
    coresUsed: cpuMs / ms,
    query,
  };
}

/** Passages per report in the corpus stage's output: indexing embeds one report per call. */
const PASSAGES_PER_CALL = 4;
/** Pause between questions while indexing runs: a question every ~50 ms plus its own time. */
const QUESTION_GAP_MS = 50;

/**
 * One variant: idle question latency, then passages embedded (one report per call, as buildIndex
 * does) while questions are asked one after another; the questions' latency includes any wait for
 * the event loop, which is what a user of the bot feels.
 */
async function measureVariant(config: EmbeddingConfig, options: EmbedderOptions, variant: string, passages: readonly string[], queries: readonly string[]): Promise<ParallelismFigures> {
  const embedder = await loadEmbedder(config, options);
  try {
    const idle = summarize(await latencies(queries, (q) => embedder.embedQuery(q)));
    // Let a worker start and load before the timed run, as it has early in a long reindex.
    if (options.passages === "worker") {
      const deadline = performance.now() + 120_000;
      while (!(await workerAnswered(embedder, passages[0]!)) && performance.now() < deadline) await sleep(200);
    }
    let done = false;
    const job = embedInGroups(embedder, passages, PASSAGES_PER_CALL).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      const start = performance.now();
      await embedder.embedQuery(queries[during.length % queries.length]!);
      during.push(performance.now() - start);
      await sleep(QUESTION_GAP_MS);
    }
    const { ms, cpuMs } = await job;
    return {
      variant,
      passagesPerSecond: (passages.length / ms) * 1000,
      coresUsed: cpuMs / ms,
      idleQuestion: idle,
      questionDuringIndexing: summarize(during),
    };
  } finally {
    await embedder.dispose();
  }
}

/** Whether a passage batch ran off this thread: a timer set before it fires while it runs. */
async function workerAnswered(embedder: Embedder, text: string): Promise<boolean> {
  let ticked = false;
  const timer = setTimeout(() => (ticked = true), 0);
  await embedder.embedPassages([text, text, text, text]);
  clearTimeout(timer);
  return ticked;
}

/** The before/after of passage embedding: main thread (as before), worker thread, worker with one onnxruntime thread. */
export async function measureParallelism(
  config: EmbeddingConfig,
  passages: readonly string[],
  queries: readonly string[],
  log: (line: string) => void,
): Promise<ParallelismFigures[]> {
  const variants: [string, EmbedderOptions][] = [
    ["main thread, onnxruntime default threads (before)", { passages: "main" }],
    ["worker thread, default threads", { passages: "worker" }],
    ["worker thread, 1 onnxruntime thread", { passages: "worker", workerThreads: 1 }],
  ];
  const out: ParallelismFigures[] = [];
  for (const [variant, options] of variants) {
    log(`  parallelism: ${variant}`);
    out.push(await measureVariant(config, options, variant, passages, queries));
  }
  return out;
}
