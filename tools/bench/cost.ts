/**
 * What embedding costs with the cost model: passages per second, tokens per passage, question
 * latency, and the answer candidates each question's answer embeds.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PreTrainedTokenizer } from "@xenova/transformers";
import { DEFAULT_MEANING_OPTIONS } from "../../src/answer/mod.ts";
import { splitSentences } from "../../src/corpus/mod.ts";
import { choosePrefixes } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { latencies, latencySummary, timed, type Latency } from "./stats.ts";

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

/** The cost model's figures on a sample. */
export interface CostFigures {
  samplePassages: number;
  tokensPerPassage: number;
  passagesPerSecond: number;
  coresUsed: number;
  query: Latency;
  /** Embedding one question's answer candidates (sentences of the passages) to weigh them by meaning. */
  answerCandidates: Latency;
}

/** For each question, as many sentences as an answer weighs by meaning, taken in turn from the passages. */
function candidateSets(passages: readonly string[], count: number): string[][] {
  const sentences = passages.flatMap((p) => splitSentences(p).map((s) => p.slice(s.start, s.end)));
  const size = DEFAULT_MEANING_OPTIONS.candidates;
  if (sentences.length < size) return [];
  return Array.from({ length: count }, (_, i) => Array.from({ length: size }, (_, j) => sentences[(i * size + j) % sentences.length]!));
}

/**
 * Embeds `passages` (after a warm-up batch, so session start-up is not counted) and `queries` one
 * at a time with the cost model, on the calling thread.
 */
export async function measureCost(embedder: Embedder, modelDir: string, model: string, passages: readonly string[], queries: readonly string[]): Promise<CostFigures> {
  await embedder.embedPassages(passages.slice(0, 4));
  await embedder.embedQuery(queries[0] ?? "hoidap");
  const { ms, cpuMs } = await timed(() => embedder.embedPassages(passages));
  const query = latencySummary(await latencies(queries, (q) => embedder.embedQuery(q)));
  const answerCandidates = latencySummary(await latencies(candidateSets(passages, queries.length), (set) => embedder.embedPassages(set)));
  const prefixes = choosePrefixes(model);
  return {
    samplePassages: passages.length,
    tokensPerPassage: await tokensPerText(modelDir, passages, prefixes.passage),
    passagesPerSecond: (passages.length / ms) * 1000,
    coresUsed: cpuMs / ms,
    query,
    answerCandidates,
  };
}
