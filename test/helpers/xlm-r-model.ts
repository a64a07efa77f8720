/**
 * The XLM-R-shaped generated model (tools/models/xlm-r-model.ts) for tests that load a model the
 * way the real multilingual-e5-small is loaded: vocabulary from the seed reports and the repo's own
 * seed questions, cached in the OS temp directory under a hash of its inputs and generator source.
 *
 * It is written at `<root>/Xenova/multilingual-e5-small`, so the same directory serves as a local
 * model (its name selects the E5 prefixes), as a model cache, and as a hub's file tree.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readVocabularyText } from "../../tools/models/mod.ts";
import { writeXlmRModel } from "../../tools/models/xlm-r-model.ts";
import { SEED_QUESTIONS } from "./seed-questions.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATOR_SOURCES = ["tools/models/xlm-r-model.ts", "tools/models/onnx-writer.ts"].map((f) => path.join(repoRoot, f));

/** The hub id the generated model stands in for. */
export const E5_HUB_ID = "Xenova/multilingual-e5-small";

let root: Promise<string> | undefined;

async function build(): Promise<string> {
  const questions = SEED_QUESTIONS.map((q) => q.question).join("\n");
  const text = `${await readVocabularyText([path.join(repoRoot, "seeds")])}\n${questions}`;
  const hash = createHash("sha256").update(text);
  for (const file of GENERATOR_SOURCES) hash.update(await readFile(file));
  const dir = path.join(os.tmpdir(), `hoidap-xlm-r-model-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(dir)) return dir;
  // Parallel test processes each write their own copy and rename it into place (see test-model.ts).
  const scratch = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await mkdir(scratch, { recursive: true });
  await writeXlmRModel(path.join(scratch, ...E5_HUB_ID.split("/")), { text });
  try {
    await rename(scratch, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
    await rm(scratch, { recursive: true, force: true });
  }
  return dir;
}

/** A directory holding `Xenova/multilingual-e5-small/` (the generated model's files), built once per process. */
export function getXlmRModelRoot(): Promise<string> {
  root ??= build();
  return root;
}

/** The generated model's own directory (`<root>/Xenova/multilingual-e5-small`). */
export async function getXlmRModelDir(): Promise<string> {
  return path.join(await getXlmRModelRoot(), ...E5_HUB_ID.split("/"));
}
