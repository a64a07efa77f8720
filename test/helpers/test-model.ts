/**
 * The generated embedding model every test that needs embeddings loads: the XLM-R-shaped lookup
 * model (tools/models/xlm-r-model.ts), laid out as Xenova/multilingual-e5-small is — a BERT encoder
 * config with `tokenizer_class: "XLMRobertaTokenizer"`, a Unigram tokenizer with a Metaspace
 * pre-tokenizer, ONNX inputs `input_ids` and `attention_mask` only — so the tests run the real
 * model's tokenizer class, input set and "query: "/"passage: " prefixes.
 *
 * Its vocabulary: the seed reports, the repository's seed questions and, when the shared
 * development questions sit beside the repository (not in a CI clone), those too. It is built once
 * and cached in the OS temp directory under a hash of those inputs and of the generator's source.
 *
 * It is written at `<root>/Xenova/multilingual-e5-small`, so the same directory serves as a local
 * model (its name selects the E5 prefixes, as the real model's does), as a model cache, and as a
 * hub's file tree.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmbeddingConfig } from "../../src/config.ts";
import { readVocabularyText, writeXlmRModel } from "../../tools/models/mod.ts";
import { SEED_QUESTIONS } from "./seed-questions.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATOR_SOURCES = ["tools/models/xlm-r-model.ts", "tools/models/onnx-writer.ts", "tools/models/model-files.ts"].map((f) => path.join(repoRoot, f));

/** The shared development questions: outside the repository, beside it, and optional. */
export const SEEDS_DEV_FILE = path.resolve(repoRoot, "../shared/eval/seeds-dev.jsonl");

/** The hub id the generated model stands in for. */
export const E5_HUB_ID = "Xenova/multilingual-e5-small";

let root: Promise<string> | undefined;

async function build(): Promise<string> {
  const sources = [path.join(repoRoot, "seeds")];
  if (existsSync(SEEDS_DEV_FILE)) sources.push(SEEDS_DEV_FILE);
  const questions = SEED_QUESTIONS.map((q) => q.question).join("\n");
  const text = `${await readVocabularyText(sources)}\n${questions}`;
  const hash = createHash("sha256").update(text);
  for (const file of GENERATOR_SOURCES) hash.update(await readFile(file));
  const dir = path.join(os.tmpdir(), `hoidap-xlm-r-model-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(dir)) return dir;
  // Test files run in parallel processes: each writes its own copy and renames it into place, so a
  // model directory, once it exists, is always complete.
  const scratch = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await mkdir(scratch, { recursive: true });
  await writeXlmRModel(path.join(scratch, ...E5_HUB_ID.split("/")), { text });
  try {
    await rename(scratch, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
    await rm(scratch, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

/** A directory holding `Xenova/multilingual-e5-small/` (the generated model's files), built once per process. */
export function getTestModelRoot(): Promise<string> {
  root ??= build();
  return root;
}

/** The generated model's own directory (`<root>/Xenova/multilingual-e5-small`): what EMBEDDING_MODEL names in tests. */
export async function getTestModelDir(): Promise<string> {
  return path.join(await getTestModelRoot(), ...E5_HUB_ID.split("/"));
}

/** An embedding configuration that loads the model in `dir` with downloads off, as tests must. */
export function testEmbeddingConfig(dir: string): EmbeddingConfig {
  return {
    model: dir,
    quantized: true,
    offline: true,
    batchSize: 16,
    cacheDir: path.join(os.tmpdir(), "hoidap-test-model-cache"),
  };
}
