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

/** How {@link writeStandInModel} builds the multilingual-e5-small stand-in. Defaults are e5-small's shape. */
export interface StandInModelOptions {
  /** Text whose words make up the tokenizer's vocabulary (as for the XLM-R-shaped lookup model). */
  text?: string;
  /** Extra words for the vocabulary. */
  words?: readonly string[];
  /** Encoder layers (default 12). */
  layers?: number;
  /** Hidden size = output dimensions (default 384). */
  hidden?: number;
  /** Attention heads (default 12). */
  heads?: number;
  /** Feed-forward size (default 1536). */
  intermediate?: number;
  /** Positions (default 512). */
  maxLength?: number;
  /**
   * Rows of the word-embedding table (default 250,037, the real model's vocabulary, so file size and
   * memory match; never fewer than the tokenizer's vocabulary). Compute per token does not depend on it.
   */
  embeddingRows?: number;
  /** Also write the int8 onnx/model_quantized.onnx (default true). */
  quantized?: boolean;
  /** Seed for the random weights (default 1). */
  seed?: number;
}

/** What {@link writeStandInModel} wrote. */
export interface StandInModelInfo extends TestModelInfo {
  layers: number;
  embeddingRows: number;
  /** Number of weights, as the real model counts them (both rows of the token type table included). */
  parameters: number;
  /** Whether onnx/model_quantized.onnx (int8) was written. */
  quantized: boolean;
}
