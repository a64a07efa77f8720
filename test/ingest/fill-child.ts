/**
 * Run by fill-vectors.test.ts as a separate process, to be killed with SIGKILL half-way: embeds the
 * keyword-only index in `argv[2]` (index dir) with the model in `argv[3]`, a few passages per
 * checkpoint, slowly, printing "checkpoint <live passages>" after each one is on disk.
 */
import { loadEmbedder } from "../../src/embed/mod.ts";
import { fillVectors } from "../../src/ingest/fill-vectors.ts";
import { testEmbeddingConfig } from "../helpers/test-model.ts";

const [indexDir, modelDir, batch] = process.argv.slice(2) as [string, string, string];
const inner = await loadEmbedder(testEmbeddingConfig(modelDir));
const slow = {
  ...inner,
  modelId: inner.modelId,
  dimensions: inner.dimensions,
  embedPassages: async (texts: readonly string[]) => {
    await new Promise((r) => setTimeout(r, 150));
    return inner.embedPassages(texts);
  },
};
await fillVectors({
  index: { dir: indexDir, hnsw: { m: 16, efConstruction: 100 } },
  embedding: testEmbeddingConfig(modelDir),
  embedder: slow,
  batch: Number(batch),
  onProgress: (p) => p.phase === "embed" && console.log(`checkpoint ${p.passagesDone}`),
});
console.log("finished");
