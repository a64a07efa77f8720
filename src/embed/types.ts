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

/** Which embedding model to run, and where its files live. */
export interface EmbeddingConfig {
  /** A Hugging Face hub id (`Xenova/multilingual-e5-small`), a local directory holding the model, or `none` (keyword search only). */
  model: string;
  quantized: boolean;
  /** No downloads at all: the model must already be in `cacheDir` or be a local directory. */
  offline: boolean;
  /** Prefixes the model was trained with; `undefined` means "use the model family's convention". */
  queryPrefix?: string;
  passagePrefix?: string;
  batchSize: number;
  cacheDir: string;
  /**
   * Where models are downloaded from: a server laid out like the Hugging Face Hub
   * (`/{model}/resolve/{revision}/{file}`); the Hub itself unless set (a mirror, or a test's loopback server).
   */
  remoteHost?: string;
}

/** The embedding stage's defaults. */
export const EMBEDDING_DEFAULTS = {
  model: "Xenova/multilingual-e5-small",
  quantized: true,
  offline: false,
  batchSize: 16,
  remoteHost: "https://huggingface.co",
} as const satisfies Partial<EmbeddingConfig>;
