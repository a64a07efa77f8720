/**
 * The embedder the service's reindex process makes in the bench's responsiveness run (named in
 * `OpenOptions.reindexEmbedder`, imported in that process): the cost model's work with the index
 * model's vectors, as for the bench's questions (see {@link costedEmbedder}), loaded there from the
 * two models' settings — so the reindex goes through the same child-process path as the bot's.
 */
import type { EmbeddingConfig } from "../../src/config.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { costedEmbedder } from "./models.ts";

/** The two models' settings, sent as plain data. */
export interface ReindexEmbedderOptions {
  /** The cost model (the e5-small stand-in, or `--model DIR`). */
  cost: EmbeddingConfig;
  /** The index model, whose vectors the index holds. */
  vectors: EmbeddingConfig;
}

/** Loads both models (passages on the calling thread, as the bot's reindex process does) and joins them. */
export async function createEmbedder(options: ReindexEmbedderOptions): Promise<Embedder> {
  const cost = await loadEmbedder(options.cost);
  const vectors = await loadEmbedder(options.vectors);
  const joined = costedEmbedder(vectors, cost);
  return {
    ...joined,
    dispose: async () => {
      await cost.dispose();
      await vectors.dispose();
    },
  };
}
