/**
 * A tiny model laid out like Xenova/multilingual-e5-small, the embedding model hoidap runs by
 * default, so that the code paths the real model takes run in tests too:
 *
 * - the same file names (config.json, tokenizer.json, tokenizer_config.json,
 *   special_tokens_map.json, onnx/model.onnx, onnx/model_quantized.onnx);
 * - the same config keys: `model_type: "bert"` with `tokenizer_class: "XLMRobertaTokenizer"` —
 *   multilingual-e5-small is a BERT encoder (Multilingual-MiniLM) with XLM-RoBERTa's
 *   SentencePiece vocabulary, so transformers.js builds a BertModel and an XLMRobertaTokenizer;
 * - a Unigram (SentencePiece) `tokenizer.json` with XLM-R's special tokens and ids (`<s>` 0,
 *   `<pad>` 1, `</s>` 2, `<unk>` 3, `<mask>` last), its Precompiled + Replace normalizer,
 *   Metaspace pre-tokenizer and `<s> $A </s>` template;
 * - ONNX inputs `input_ids` and `attention_mask` only (the XLM-R tokenizer returns no
 *   `token_type_ids`). `tokenTypeInput: true` declares a third `token_type_ids` input instead,
 *   as the 2023 export did (transformers.js then feeds zeros: models.js, encoderForward).
 *
 * What it computes is the word lookup of test-model.ts (idf-scaled seeded random vectors, mean
 * pooled): it matches words, it understands nothing. Not written: sentencepiece.bpe.model and
 * quant_config.json, which the real repository holds but transformers.js never reads.
 */
import { writeLookupModelFiles } from "./model-files.ts";
import { DataType, int64Tensor, node, onnxModel, tensor, valueInfo } from "./onnx-writer.ts";

/** XLM-R's special tokens at their ids; `<mask>` comes after the pieces, as in the real vocabulary. */
export const XLMR_SPECIAL_IDS = { "<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3 } as const;
const MASK = "<mask>";
/** SentencePiece's word-boundary mark (U+2581), which the Metaspace pre-tokenizer puts for spaces. */
export const METASPACE = "\u2581";

/** Scores of the Unigram pieces: every word beats any split of it into two pieces, every piece beats characters. */
const WORD_SCORE = -10;
const CHAR_SCORE = -25;

/** How {@link writeXlmRModel} builds the model. Every field has a default. */
export interface XlmRModelOptions {
  /** Text whose words (as XLM-R's normalizer leaves them) make up the vocabulary. */
  text?: string;
  /** Vector size (default 64). */
  dimensions?: number;
  /** Longest token sequence accepted (default 512, like the real model's positions). */
  maxLength?: number;
  /** Declare a `token_type_ids` graph input as well (default false: two inputs, like the tokenizer's output). */
  tokenTypeInput?: boolean;
  /** Seed for the vectors (default 1). */
  seed?: number;
}

/** What {@link writeXlmRModel} wrote. */
export interface XlmRModelInfo {
  dir: string;
  /** Pieces in the Unigram vocabulary, special tokens included. */
  vocabularySize: number;
  dimensions: number;
  /** The ONNX graph's input names, in order. */
  inputs: string[];
  files: { path: string; bytes: number }[];
}

/**
 * What transformers.js's Precompiled normalizer does with XLM-R's charsmap (it implements the
 * default nmt_nfkc rules and ignores the map itself: tokenizers.js, class Precompiled), followed by
 * the Replace of runs of spaces: enough to cut the vocabulary's words exactly as the tokenizer will.
 */
function normalizeLikeXlmR(text: string): string {
  return text
    .replace(/[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]/g, "")
    .replace(/[\u0009\u000A\u000C\u000D\u1680\u200B\u200C\u200E\u200F\u2028\u2029\u2581\uFEFF\uFFFD]/g, " ")
    .normalize("NFKC")
    .replace(/ {2,}/g, " ");
}

/** "nghị quyết" → "nghi quyet" (đ → d too, which Unicode does not decompose). */
const fold = (word: string) => word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");

/** Runs of letters and digits, and single other characters: the pieces a space-free stretch of text is cut into. */
const PIECE = /[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}\s]/gu;

/** A vocabulary word and how many lines of the source text it occurs in. */
interface Counted {
  pieces: Map<string, number>;
  characters: Set<string>;
  lines: number;
}

/**
 * The pieces of `text`: every word with the boundary mark when a space precedes it and without
 * when it follows punctuation ("(Nghị" → "▁(", "Nghị"), each word's lower-case and folded forms
 * (questions are often typed that way), and every character, so no text of these letters is `<unk>`.
 */
function countPieces(text: string): Counted {
  const pieces = new Map<string, number>();
  const characters = new Set<string>();
  let lines = 0;
  for (const line of normalizeLikeXlmR(text.replace(/\r?\n/g, "\n")).split("\n")) {
    const seen = new Set<string>();
    for (const chunk of line.split(" ").filter(Boolean)) {
      let first = true;
      for (const match of chunk.matchAll(PIECE)) {
        const run = match[0];
        for (const ch of run) characters.add(ch);
        const forms = new Set([run, run.toLowerCase(), fold(run), fold(run.toLowerCase())]);
        for (const form of forms) seen.add(first ? METASPACE + form : form);
        // The same word after a space, as a question might put it.
        if (!first) for (const form of forms) seen.add(METASPACE + form);
        first = false;
      }
    }
    if (seen.size === 0) continue;
    lines++;
    for (const p of seen) pieces.set(p, (pieces.get(p) ?? 0) + 1);
  }
  return { pieces, characters, lines };
}

/** FNV-1a: each piece's seed depends on the piece alone, not on the rest of the vocabulary. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

/** A seeded Gaussian direction of the given length (mulberry32 + Box-Muller). */
function randomVector(seed: number, dimensions: number, length: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const v = Float32Array.from({ length: dimensions }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const norm = Math.hypot(...v);
  return v.map((x) => (x / norm) * length);
}

/** The Unigram vocabulary: special tokens at XLM-R's ids, then `▁`, words, characters; `<mask>` last. */
function unigramVocabulary(counted: Counted): [string, number][] {
  const words = [...counted.pieces.keys()].sort();
  const wordSet = new Set(words);
  const chars = [...counted.characters].filter((c) => !wordSet.has(c)).sort();
  // A frequent word scores a little higher, as in SentencePiece, but never enough to let two pieces beat one.
  const wordScore = (w: string) => WORD_SCORE + Math.min(0.9, Math.log1p(counted.pieces.get(w) ?? 0) / 10);
  return [
    ...Object.keys(XLMR_SPECIAL_IDS).map((t): [string, number] => [t, 0]),
    [METASPACE, CHAR_SCORE + 1],
    ...words.map((w): [string, number] => [w, wordScore(w)]),
    ...chars.map((c): [string, number] => [c, CHAR_SCORE]),
    [MASK, 0],
  ];
}

/** tokenizer.json in the Hugging Face `tokenizers` format, as XLM-RoBERTa's. */
function tokenizerJson(vocab: readonly [string, number][]) {
  const maskId = vocab.length - 1;
  const added = (content: string, id: number) => ({ id, content, single_word: false, lstrip: content === MASK, rstrip: false, normalized: false, special: true });
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [...Object.entries(XLMR_SPECIAL_IDS).map(([t, id]) => added(t, id)), added(MASK, maskId)],
    normalizer: {
      type: "Sequence",
      // The real file carries SentencePiece's compiled nmt_nfkc map here (base64, ~300 KB); transformers.js
      // applies the nmt_nfkc rules without reading it, so a generated model leaves it empty.
      normalizers: [{ type: "Precompiled", precompiled_charsmap: "" }, { type: "Replace", pattern: { Regex: " {2,}" }, content: " " }],
    },
    pre_tokenizer: { type: "Metaspace", replacement: METASPACE, add_prefix_space: true, prepend_scheme: "always" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("<s>"), { Sequence: { id: "A", type_id: 0 } }, special("</s>")],
      pair: [special("<s>"), { Sequence: { id: "A", type_id: 0 } }, special("</s>"), special("</s>"), { Sequence: { id: "B", type_id: 0 } }, special("</s>")],
      special_tokens: {
        "<s>": { id: "<s>", ids: [XLMR_SPECIAL_IDS["<s>"]], tokens: ["<s>"] },
        "</s>": { id: "</s>", ids: [XLMR_SPECIAL_IDS["</s>"]], tokens: ["</s>"] },
      },
    },
    decoder: { type: "Metaspace", replacement: METASPACE, add_prefix_space: true, prepend_scheme: "always" },
    model: { type: "Unigram", unk_id: XLMR_SPECIAL_IDS["<unk>"], vocab },
  };
}

const maskToken = { __type: "AddedToken", content: MASK, lstrip: true, normalized: true, rstrip: false, single_word: false };

/** tokenizer_config.json with the keys of the real one. */
const tokenizerConfig = (maxLength: number) => ({
  bos_token: "<s>",
  clean_up_tokenization_spaces: true,
  cls_token: "<s>",
  eos_token: "</s>",
  mask_token: maskToken,
  model_max_length: maxLength,
  pad_token: "<pad>",
  sep_token: "</s>",
  sp_model_kwargs: {},
  tokenizer_class: "XLMRobertaTokenizer",
  unk_token: "<unk>",
});

const specialTokensMap = () => {
  const { __type: _type, ...mask } = maskToken;
  return { bos_token: "<s>", cls_token: "<s>", eos_token: "</s>", mask_token: mask, pad_token: "<pad>", sep_token: "</s>", unk_token: "<unk>" };
};

/**
 * The Unigram vocabulary of an XLM-R-shaped tokenizer for the words of `text`, as [piece, score]
 * with XLM-R's special tokens at their ids: what {@link xlmRTokenizerFiles} writes.
 */
export function xlmRVocabulary(text: string): [string, number][] {
  return unigramVocabulary(countPieces(text));
}

/** tokenizer.json, tokenizer_config.json and special_tokens_map.json of Xenova/multilingual-e5-small's layout, for `vocab`. */
export function xlmRTokenizerFiles(vocab: readonly [string, number][], maxLength: number): [string, string][] {
  return [
    ["tokenizer.json", JSON.stringify(tokenizerJson(vocab))],
    ["tokenizer_config.json", JSON.stringify(tokenizerConfig(maxLength), null, 2)],
    ["special_tokens_map.json", JSON.stringify(specialTokensMap(), null, 2)],
  ];
}

/**
 * last_hidden_state = (E[input_ids] + P[positions]) · attention_mask, with P zero: a pure lookup
 * that still fails past `maxLength` tokens, as the real model's position table does. With
 * `tokenTypeInput`, T[token_type_ids] (zero) is added too, so that input must be fed.
 */
function lookupGraph(embeddings: Float32Array, vocabSize: number, dimensions: number, maxLength: number, tokenTypeInput: boolean): Uint8Array {
  const dyn = ["batch_size", "sequence_length"];
  const inputs = ["input_ids", "attention_mask", ...(tokenTypeInput ? ["token_type_ids"] : [])];
  const nodes = [
    node("Gather", ["word_embeddings", "input_ids"], ["words"]),
    node("Shape", ["input_ids"], ["input_shape"]),
    node("Gather", ["input_shape", "one"], ["sequence_length"], { axis: { int: 0 } }),
    node("Range", ["zero", "sequence_length", "one"], ["position_ids"]),
    node("Gather", ["position_embeddings", "position_ids"], ["positions"]),
    node("Add", ["words", "positions"], [tokenTypeInput ? "with_positions" : "hidden"]),
    ...(tokenTypeInput
      ? [node("Gather", ["token_type_embeddings", "token_type_ids"], ["token_types"]), node("Add", ["with_positions", "token_types"], ["hidden"])]
      : []),
    node("Cast", ["attention_mask"], ["mask_float"], { to: { int: DataType.FLOAT } }),
    node("Unsqueeze", ["mask_float", "last_axis"], ["mask"]),
    node("Mul", ["hidden", "mask"], ["last_hidden_state"]),
  ];
  return onnxModel({
    name: "hoidap_test_xlm_r_lookup",
    inputs: inputs.map((n) => valueInfo(n, DataType.INT64, dyn)),
    outputs: [valueInfo("last_hidden_state", DataType.FLOAT, [...dyn, dimensions])],
    initializers: [
      tensor("word_embeddings", [vocabSize, dimensions], embeddings),
      tensor("position_embeddings", [maxLength, 1], new Float32Array(maxLength)),
      ...(tokenTypeInput ? [tensor("token_type_embeddings", [2, 1], new Float32Array(2))] : []),
      int64Tensor("zero", [0], []),
      int64Tensor("one", [1], []),
      int64Tensor("last_axis", [-1]),
    ],
    nodes,
  });
}

/**
 * Writes the model to `dir` (name the directory `multilingual-e5-small`, or put it at
 * `<cache>/Xenova/multilingual-e5-small`, to get the E5 prefixes as the real model does).
 */
export async function writeXlmRModel(dir: string, options: XlmRModelOptions = {}): Promise<XlmRModelInfo> {
  const dimensions = options.dimensions ?? 64;
  const maxLength = options.maxLength ?? 512;
  const seed = options.seed ?? 1;
  const tokenTypeInput = options.tokenTypeInput ?? false;
  const counted = countPieces(options.text ?? "");
  const vocab = unigramVocabulary(counted);

  // As in test-model.ts: rare words weigh more (idf), special tokens and characters barely count.
  // A word's direction is seeded by its lower-case form without the boundary mark, so "Nghị",
  // "nghị" and "(nghị" agree; its folded form ("nghi") is another word, as for a real model.
  const idf = (n: number) => Math.log(1 + Math.max(counted.lines, 1) / Math.max(n, 1));
  const maxIdf = idf(1);
  const embeddings = new Float32Array(vocab.length * dimensions);
  vocab.forEach(([piece], i) => {
    const isWord = counted.pieces.has(piece);
    const length = i === XLMR_SPECIAL_IDS["<pad>"] ? 0 : isWord ? Math.max(0.1, idf(counted.pieces.get(piece)!) / maxIdf) : 0.05;
    const key = isWord ? piece.replace(METASPACE, "").toLowerCase() : piece;
    embeddings.set(randomVector(hashString(key) ^ seed, dimensions, length), i * dimensions);
  });

  const onnx = lookupGraph(embeddings, vocab.length, dimensions, maxLength, tokenTypeInput);
  // The keys of Xenova/multilingual-e5-small's config.json, with this model's sizes.
  const config = {
    _name_or_path: "intfloat/multilingual-e5-small",
    architectures: ["BertModel"],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    hidden_size: dimensions,
    initializer_range: 0.02,
    intermediate_size: dimensions,
    layer_norm_eps: 1e-12,
    max_position_embeddings: maxLength,
    model_type: "bert",
    num_attention_heads: 1,
    num_hidden_layers: 0,
    pad_token_id: XLMR_SPECIAL_IDS["<pad>"],
    position_embedding_type: "absolute",
    tokenizer_class: "XLMRobertaTokenizer",
    transformers_version: "4.31.0.dev0",
    type_vocab_size: 2,
    use_cache: true,
    vocab_size: vocab.length,
    hoidap_test_model: { seed, description: "word lookup table with idf-scaled random vectors, XLM-R tokenizer; not a language model" },
  };
  const written = await writeLookupModelFiles(dir, config, xlmRTokenizerFiles(vocab, maxLength), onnx);
  return {
    dir,
    vocabularySize: vocab.length,
    dimensions,
    inputs: ["input_ids", "attention_mask", ...(tokenTypeInput ? ["token_type_ids"] : [])],
    files: written,
  };
}
