/**
 * What embedding costs with the cost model: passages per second, tokens per passage, question
 * latency — and (`--parallelism`) how passage embedding on the main thread compares with a worker
 * thread, for throughput and for questions asked meanwhile.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PreTrainedTokenizer } from "@xenova/transformers";
import { choosePrefixes } from "../embed/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { latencies, openLoopLatencies, summarize, timed, type Latency } from "./stats.ts";
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
/** Questions arrive one every this many ms while indexing runs (open loop, see stats.ts). */
const QUESTION_GAP_MS = 100;

/**
 * One variant: idle question latency, then passages embedded (one report per call, as buildIndex
 * does) while questions arrive on a schedule; each latency includes any wait for the event loop,
 * which is what a user of the bot feels.
 */
async function measureVariant(embedder: Embedder, worker: boolean, variant: string, passages: readonly string[], queries: readonly string[]): Promise<ParallelismFigures> {
  const idle = summarize(await latencies(queries, (q) => embedder.embedQuery(q)));
  // Let a worker start and load before the timed run, as it has early in a long reindex.
  if (worker) {
    const deadline = performance.now() + 120_000;
    while (!(await workerAnswered(embedder, passages[0]!)) && performance.now() < deadline) await sleep(200);
  }
  let done = false;
  const job = embedInGroups(embedder, passages, PASSAGES_PER_CALL).finally(() => (done = true));
  const during = await openLoopLatencies(QUESTION_GAP_MS, () => done, (i) => embedder.embedQuery(queries[i % queries.length]!));
  const { ms, cpuMs } = await job;
  return {
    variant,
    passagesPerSecond: (passages.length / ms) * 1000,
    coresUsed: cpuMs / ms,
    idleQuestion: idle,
    questionDuringIndexing: summarize(during),
  };
}

/** Whether a passage batch ran off this thread: a timer set before it fires while it runs. */
async function workerAnswered(embedder: Embedder, text: string): Promise<boolean> {
  let ticked = false;
  const timer = setTimeout(() => (ticked = true), 0);
  await embedder.embedPassages([text, text, text, text]);
  clearTimeout(timer);
  return ticked;
}

/**
 * The before/after of passage embedding: `main` embeds on this thread (as before), `worker` in its
 * worker thread. Both are embedders the caller already has: starting a second worker after one was
 * stopped has crashed this process (see passage-worker.ts), so none is started here.
 */
export async function measureParallelism(
  main: Embedder,
  worker: Embedder,
  passages: readonly string[],
  queries: readonly string[],
  log: (line: string) => void,
): Promise<ParallelismFigures[]> {
  const variants: [string, Embedder, boolean][] = [
    ["passages on the main thread (before)", main, false],
    ["passages in a worker thread (after)", worker, true],
  ];
  const out: ParallelismFigures[] = [];
  for (const [variant, embedder, isWorker] of variants) {
    log(`  parallelism: ${variant}`);
    const f = await measureVariant(embedder, isWorker, variant, passages, queries);
    log(`    ${f.passagesPerSecond.toFixed(1)} passages/s, ${f.coresUsed.toFixed(2)} cores; question p95 ${f.idleQuestion.p95.toFixed(1)} ms idle, ${f.questionDuringIndexing.p95.toFixed(1)} ms while indexing (n=${f.questionDuringIndexing.samples})`);
    out.push(f);
  }
  return out;
}
