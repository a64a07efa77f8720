/**
 * `npm run make-test-model -- DIR [--from PATH]... [--dimensions 64] [--shape lookup|e5-small]`
 *
 * Writes the tiny generated embedding model the tests use to DIR — a word lookup laid out as
 * Xenova/multilingual-e5-small is (XLM-R tokenizer, its files and config keys; see
 * xlm-r-model.ts) — its vocabulary taken from the reports in SEEDS_DIR (default) or the given files
 * and directories, so hoidap can be indexed and tried without the real model's weights. Retrieval
 * with it is a weighted word match, nothing more.
 *
 * `--shape e5-small` writes the multilingual-e5-small stand-in instead: the real model's shape and
 * cost with random weights (about 590 MB), for measuring speed, not for answering questions.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { readVocabularyText, writeStandInModel, writeXlmRModel } from "./mod.ts";

const USAGE = "usage: npm run make-test-model -- DIR [--from TEXT_DIR_OR_FILE]... [--dimensions 64] [--shape lookup|e5-small]";

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { from: { type: "string", multiple: true }, dimensions: { type: "string" }, shape: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [target, ...moreSources] = parsed.positionals;
  if (parsed.values.help || target === undefined) {
    console.error(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const shape = parsed.values.shape ?? "lookup";
  if (shape !== "lookup" && shape !== "e5-small") {
    console.error(`--shape: expected lookup or e5-small, got "${shape}"`);
    return 2;
  }
  if (shape === "e5-small" && parsed.values.dimensions !== undefined) {
    console.error("--dimensions: the e5-small stand-in has 384 dimensions, like the real model");
    return 2;
  }
  const dimensions = Number(parsed.values.dimensions ?? 64);
  if (!Number.isInteger(dimensions) || dimensions < 2 || dimensions > 4096) {
    console.error(`--dimensions: expected a whole number from 2 to 4096, got "${parsed.values.dimensions}"`);
    return 2;
  }
  let sources = [...(parsed.values.from ?? []), ...moreSources].map((p) => path.resolve(p));
  if (sources.length === 0) {
    try {
      sources = [loadConfig().corpus.seedsDir];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
  }

  let text: string;
  try {
    text = await readVocabularyText(sources);
  } catch (error) {
    console.error(`Cannot read the vocabulary text: ${(error as Error).message}`);
    return 2;
  }
  const dir = path.resolve(target);
  if (shape === "e5-small") {
    const info = await writeStandInModel(dir, { text });
    console.log(`Wrote a multilingual-e5-small stand-in (${info.layers} layers, ${info.dimensions} dimensions, ${(info.parameters / 1e6).toFixed(1)}M weights, tokenizer of ${info.vocabularySize} tokens) to ${dir}:`);
    for (const file of info.files) console.log(`  ${file.path.padEnd(28)} ${(file.bytes / 1024).toFixed(1).padStart(10)} KB`);
    console.log("Its weights are random: it costs what the real model costs (model_quantized.onnx is int8, model.onnx fp32), its vectors mean nothing.");
    console.log("Name the directory with \"e5\" in it so the E5 prefixes are added, as for the real model. To measure with it:");
    console.log(`npm run bench -- --model ${dir}`);
    return 0;
  }
  const info = await writeXlmRModel(dir, { text, dimensions });
  console.log(`Wrote a test embedding model (${info.vocabularySize} tokens, ${info.dimensions} dimensions) to ${dir}:`);
  for (const file of info.files) console.log(`  ${file.path.padEnd(28)} ${(file.bytes / 1024).toFixed(1).padStart(8)} KB`);
  console.log(`Vocabulary from: ${sources.join(", ")}`);
  console.log("It matches words, it does not understand them: for tests and trying hoidap out, not for real use.");
  console.log('Name the directory "multilingual-e5-small" to get the E5 prefixes ("query: ", "passage: "), as the real model does.');
  console.log("To use it, set:");
  console.log(`EMBEDDING_MODEL=${dir}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
