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

/** How {@link writeTestModel} builds a tiny lookup model. Every field has a default. */
export interface TestModelOptions {
  /** Vector size (default 64). */
  dimensions?: number;
  /** Text whose words (as the model's own tokenizer splits them) make up the vocabulary. */
  text?: string;
  /** Extra words for the vocabulary. */
  words?: readonly string[];
  /**
   * Also add each word's form without diacritics ("nghi" for "nghị") as a separate token, so text
   * typed without diacritics is not all `[UNK]` (default true). The two forms get unrelated vectors.
   */
  foldedForms?: boolean;
  /** Longest token sequence the model accepts, like a real BERT's 512 positions (default 512). */
  maxLength?: number;
  /** Seed for the vectors (default 1); the same words, seed and dimensions always give the same model. */
  seed?: number;
}

/** What {@link writeTestModel} wrote. */
export interface TestModelInfo {
  dir: string;
  /** Tokens in the vocabulary, the five special tokens included. */
  vocabularySize: number;
  dimensions: number;
  /** Files written, relative to `dir`, with their sizes in bytes. */
  files: { path: string; bytes: number }[];
}
