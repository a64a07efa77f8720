import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder, EmbeddingConfig } from "../../src/embed/mod.ts";

/** The model of `config`, recording every passage text it is asked to embed (to count what a build embeds). */
export async function countingEmbedder(config: EmbeddingConfig): Promise<{ embedder: Embedder; texts: string[] }> {
  const inner = await loadEmbedder(config);
  const texts: string[] = [];
  return {
    texts,
    embedder: {
      modelId: inner.modelId,
      dimensions: inner.dimensions,
      embedQuery: (q) => inner.embedQuery(q),
      embedPassages: async (batch, onProgress) => {
        texts.push(...batch);
        return inner.embedPassages(batch, onProgress);
      },
      dispose: () => inner.dispose(),
    },
  };
}
