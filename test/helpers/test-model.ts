/**
 * The generated embedding model every test that needs embeddings uses: built once from the seed
 * reports and, when the shared development questions sit beside the repository (not in a CI clone),
 * those too (so their words are in the vocabulary), cached in the OS temp directory under a hash of
 * its inputs and of the generator's source.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmbeddingConfig } from "../../src/config.ts";
import { readVocabularyText, writeTestModel } from "../../tools/models/mod.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATOR_SOURCES = ["tools/models/test-model.ts", "tools/models/onnx-writer.ts"].map((f) => path.join(repoRoot, f));

/** The shared development questions: outside the repository, beside it, and optional. */
export const SEEDS_DEV_FILE = path.resolve(repoRoot, "../shared/eval/seeds-dev.jsonl");

let modelDir: Promise<string> | undefined;

async function buildModel(): Promise<string> {
  const sources = [path.join(repoRoot, "seeds")];
  if (existsSync(SEEDS_DEV_FILE)) sources.push(SEEDS_DEV_FILE);
  const text = await readVocabularyText(sources);

  const hash = createHash("sha256").update(text);
  for (const file of GENERATOR_SOURCES) hash.update(await readFile(file));
  const dir = path.join(os.tmpdir(), `hoidap-test-model-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(dir)) return dir;

  // Test files run in parallel processes: each writes its own copy and renames it into place, so a
  // model directory, once it exists, is always complete.
  const scratch = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeTestModel(scratch, { text });
  try {
    await rename(scratch, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
    await rm(scratch, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

/** The directory of the shared test model (created on first call in this process, reused after). */
export function getTestModelDir(): Promise<string> {
  modelDir ??= buildModel();
  return modelDir;
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
