/**
 * `npm run index`: builds the index, or updates it incrementally, and prints the index report.
 */
import { NO_MODEL, keywordOnlyEmbedder, loadEmbedder } from "../embed/mod.ts";
import { buildGeneration } from "../ingest/mod.ts";
import { formatProgress, formatSummary } from "./format-summary.ts";
import { runCommand } from "./run.ts";

await runCommand(async (config) => {
  // EMBEDDING_MODEL=none: the keyword index alone, as the bot serves it then; a model that cannot be loaded stops here.
  const embedder = config.embedding.model === NO_MODEL ? keywordOnlyEmbedder : await loadEmbedder(config.embedding);
  try {
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort());
    process.once("SIGTERM", () => abort.abort());
    let lastPrint = 0;
    const built = await buildGeneration({
      corpus: config.corpus,
      index: config.index,
      embedding: config.embedding,
      embedder,
      signal: abort.signal,
      onProgress: (p) => {
        if (process.stderr.isTTY && Date.now() - lastPrint > 500) {
          lastPrint = Date.now();
          process.stderr.write(`\r${formatProgress(p)}   `);
        }
      },
    }).catch((error: unknown) => {
      if (!abort.signal.aborted || (error as Error)?.name !== "AbortError") throw error;
      return undefined;
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (built === undefined) {
      console.error("Stopped before finishing: the index in force is unchanged.");
      return 1;
    }
    const { summary } = built;
    console.log(formatSummary(summary));
    console.log(`  model: ${embedder.modelId} (${embedder.dimensions} dimensions) → ${config.index.dir}`);
  } finally {
    await embedder.dispose();
  }
});
