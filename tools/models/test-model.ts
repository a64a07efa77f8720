/**
 * A tiny BERT-shaped embedding model (WordPiece tokenizer, one vocabulary entry per word): real
 * tokenizer files and a real ONNX graph, loaded through the same transformers.js path as
 * multilingual-e5-small. The bench's index model, whose vocabulary is a whole corpus's; the tests
 * load the XLM-R-shaped lookup (xlm-r-model.ts), laid out as the real model is.
 *
 * The "model" is a word lookup table: each vocabulary word has a fixed pseudo-random direction,
 * scaled by how rare the word is in the text it was built from. Mean pooling then yields a
 * tf-idf-weighted bag of words, so texts that share distinctive words are close — enough for
 * retrieval tests on real reports, with no language understanding at all.
 */
import { BertTokenizer } from "@xenova/transformers";
import { foldDiacritics } from "../../src/text/mod.ts";
import { uniformOpen } from "../random.ts";
import { writeLookupModelFiles } from "./model-files.ts";
import { DataType, int64Tensor, node, onnxModel, tensor, valueInfo } from "./onnx-writer.ts";
import type { TestModelInfo, TestModelOptions } from "./types.ts";

const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

/** tokenizer.json in the Hugging Face `tokenizers` format, as a BERT WordPiece tokenizer. */
function tokenizerJson(vocab: readonly string[]) {
  const id = (t: string) => vocab.indexOf(t);
  const special = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => ({
      id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    // NFC first so decomposed input matches the (composed) vocabulary; accents are kept so that
    // "nghị" and "nghi" stay different words, as they are for a real multilingual model's tokenizer.
    normalizer: {
      type: "Sequence",
      normalizers: [
        { type: "NFC" },
        { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
      ],
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, special("[SEP]")],
      pair: [special("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, special("[SEP]"), { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
      special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

function tokenizerConfig(maxLength: number) {
  return {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    strip_accents: false,
    model_max_length: maxLength,
    cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]",
    clean_up_tokenization_spaces: true,
  };
}

/** Splits text into words exactly as the generated tokenizer will (its own normalizer and pre-tokenizer). */
function makeWordSplitter(): (text: string) => string[] {
  const tokenizer = new BertTokenizer(tokenizerJson([...SPECIAL_TOKENS]), tokenizerConfig(512));
  return (text) => tokenizer.pre_tokenizer!(tokenizer.normalizer!(text)) as string[];
}


/** Document frequency of each word, counting every non-empty line as a document. */
function documentFrequencies(text: string, split: (t: string) => string[]): { df: Map<string, number>; docs: number } {
  const df = new Map<string, number>();
  let docs = 0;
  for (const line of text.split(/\n/)) {
    const words = new Set(split(line));
    if (words.size === 0) continue;
    docs++;
    for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { df, docs };
}

/** FNV-1a, to give every word its own seed: a word's vector does not depend on the rest of the vocabulary. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

/** A seeded Gaussian direction of the given length (mulberry32 + Box-Muller). */
function randomVector(seed: number, dimensions: number, length: number): Float32Array {
  const uniform = uniformOpen(seed);
  const v = Float32Array.from({ length: dimensions }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const norm = Math.hypot(...v);
  return v.map((x) => (x / norm) * length);
}

/** A word-level WordPiece vocabulary (special tokens first) and the document frequencies it was built from. */
export interface Vocabulary {
  vocab: string[];
  df: Map<string, number>;
  /** Non-empty lines of the text, each counted as a document. */
  docs: number;
}

/**
 * The vocabulary of a generated model: every word of `text` and `words` as the generated tokenizer
 * splits them, plus (unless `foldedForms` is false) each word's form without diacritics.
 */
export function buildVocabulary(options: Pick<TestModelOptions, "text" | "words" | "foldedForms">): Vocabulary {
  const split = makeWordSplitter();
  const text = [options.text ?? "", ...(options.words ?? [])].join("\n");
  const { df, docs } = documentFrequencies(text, split);

  // Folded forms borrow the frequency of the words they come from (they never occur in the text itself).
  if (options.foldedForms ?? true) {
    for (const [word, n] of [...df]) {
      const folded = foldDiacritics(word);
      if (folded !== word && !df.has(folded)) df.set(folded, 0);
      if (folded !== word) df.set(folded, df.get(folded)! + n);
    }
  }
  const words = [...df.keys()].filter((w) => !(SPECIAL_TOKENS as readonly string[]).includes(w)).sort();
  return { vocab: [...SPECIAL_TOKENS, ...words], df, docs };
}

/** tokenizer.json and tokenizer_config.json of a generated model, as file name → content. */
export function tokenizerFiles(vocab: readonly string[], maxLength: number): [string, string][] {
  return [
    ["tokenizer.json", JSON.stringify(tokenizerJson(vocab))],
    ["tokenizer_config.json", JSON.stringify(tokenizerConfig(maxLength), null, 2)],
  ];
}

/**
 * The ONNX graph: last_hidden_state = (E[input_ids] + P[positions] + T[token_type_ids]) · attention_mask.
 * P and T are zero, so the output is a pure lookup, but they make the graph behave like BERT at its
 * edges: a sequence longer than `maxLength` fails in the position Gather, as it would in a real model,
 * so tests notice when the tokenizer does not truncate.
 */
function lookupGraph(embeddings: Float32Array, vocabSize: number, dimensions: number, maxLength: number): Uint8Array {
  const dyn = ["batch_size", "sequence_length"];
  return onnxModel({
    name: "hoidap_test_lookup",
    inputs: ["input_ids", "attention_mask", "token_type_ids"].map((n) => valueInfo(n, DataType.INT64, dyn)),
    outputs: [valueInfo("last_hidden_state", DataType.FLOAT, [...dyn, dimensions])],
    initializers: [
      tensor("word_embeddings", [vocabSize, dimensions], embeddings),
      tensor("position_embeddings", [maxLength, 1], new Float32Array(maxLength)),
      tensor("token_type_embeddings", [2, 1], new Float32Array(2)),
      int64Tensor("zero", [0], []),
      int64Tensor("one", [1], []),
      int64Tensor("last_axis", [-1]),
    ],
    nodes: [
      node("Gather", ["word_embeddings", "input_ids"], ["words"]),
      node("Shape", ["input_ids"], ["input_shape"]),
      node("Gather", ["input_shape", "one"], ["sequence_length"], { axis: { int: 0 } }),
      node("Range", ["zero", "sequence_length", "one"], ["position_ids"]),
      node("Gather", ["position_embeddings", "position_ids"], ["positions"]),
      node("Gather", ["token_type_embeddings", "token_type_ids"], ["token_types"]),
      node("Add", ["words", "positions"], ["with_positions"]),
      node("Add", ["with_positions", "token_types"], ["hidden"]),
      node("Cast", ["attention_mask"], ["mask_float"], { to: { int: DataType.FLOAT } }),
      node("Unsqueeze", ["mask_float", "last_axis"], ["mask"]),
      node("Mul", ["hidden", "mask"], ["last_hidden_state"]),
    ],
  });
}

/**
 * Writes a tiny BERT-shaped model to `dir`: config.json, tokenizer.json, tokenizer_config.json and
 * onnx/model.onnx + onnx/model_quantized.onnx (the same float32 graph; there is nothing to quantize).
 * Size is about `vocabularySize × dimensions × 8` bytes (≈ 0.6 MB for 1,200 words at 64 dimensions).
 */
export async function writeTestModel(dir: string, options: TestModelOptions = {}): Promise<TestModelInfo> {
  const dimensions = options.dimensions ?? 64;
  const maxLength = options.maxLength ?? 512;
  const seed = options.seed ?? 1;
  const { vocab, df, docs } = buildVocabulary(options);

  // Rare words weigh more (idf), so mean pooling is dominated by what a passage is about, not by
  // "của", "và", "the". Special tokens get short vectors: present in every text, they should not
  // dominate, yet a text of unknown words still gets a non-zero vector.
  const idf = (n: number) => Math.log(1 + Math.max(docs, 1) / Math.max(n, 1));
  const maxIdf = idf(1);
  const embeddings = new Float32Array(vocab.length * dimensions);
  vocab.forEach((token, i) => {
    const length = i === 0 ? 0 : i < SPECIAL_TOKENS.length ? 0.05 : Math.max(0.1, idf(df.get(token) ?? 1) / maxIdf);
    embeddings.set(randomVector(hashString(token) ^ seed, dimensions, length), i * dimensions);
  });

  const onnx = lookupGraph(embeddings, vocab.length, dimensions, maxLength);
  const config = {
    architectures: ["BertModel"],
    model_type: "bert",
    vocab_size: vocab.length,
    hidden_size: dimensions,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dimensions,
    max_position_embeddings: maxLength,
    type_vocab_size: 2,
    pad_token_id: 0,
    hoidap_test_model: { seed, description: "word lookup table with idf-scaled random vectors; not a language model" },
  };
  const written = await writeLookupModelFiles(dir, config, tokenizerFiles(vocab, maxLength), onnx);
  return {
    dir,
    vocabularySize: vocab.length,
    dimensions,
    files: written,
  };
}
