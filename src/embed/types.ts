/** Turns text into unit-length vectors (cosine similarity = dot product). */
export interface Embedder {
  /** The model as configured (hub id or local directory); recorded in the index manifest. */
  readonly modelId: string;
  readonly dimensions: number;
  /** Embeds passages (the passage prefix is added here), batched; `onProgress(done, total)` after each batch. */
  embedPassages(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  /** Embeds one question (the query prefix is added here). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

/** How {@link loadEmbedder} runs the model. Every field has a default. */
export interface EmbedderOptions {
  /** onnxruntime intra-op threads for the model (default: one per core). */
  threads?: number;
}
