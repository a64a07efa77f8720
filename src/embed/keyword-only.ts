/**
 * Keyword search only: what hoidap serves when EMBEDDING_MODEL=none (small servers), or while the
 * configured model cannot be loaded. A build with {@link keywordOnlyEmbedder} stores passages and
 * the keyword index and no vectors; its manifest names the model {@link NO_MODEL}.
 */
import type { Embedder } from "./types.ts";

/** EMBEDDING_MODEL's value for keyword search only, and the model id of an index without vectors. */
export const NO_MODEL = "none";

const NO_VECTOR = new Float32Array(0);

/**
 * The embedder of a keyword-only build: every passage gets an empty vector, which the build does
 * not store. It embeds no questions (keyword-only search never asks it to).
 */
export const keywordOnlyEmbedder: Embedder = {
  modelId: NO_MODEL,
  // The vector graph's width must be positive; a keyword-only index's graph holds no point.
  dimensions: 1,
  embedPassages: async (texts, onProgress) => {
    onProgress?.(texts.length, texts.length);
    return texts.map(() => NO_VECTOR);
  },
  embedQuery: () => Promise.reject(new Error("keyword search only: no embedding model is loaded")),
  dispose: async () => {},
};
