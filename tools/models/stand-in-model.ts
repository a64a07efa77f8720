/**
 * A stand-in for multilingual-e5-small that costs what the real model costs: the same BERT encoder
 * shape (12 layers, hidden 384, 12 heads, intermediate 1536, GELU, LayerNorm, 512 positions), random
 * weights, loaded through the same transformers.js path. It understands nothing — its vectors are
 * noise — but the time and memory it takes to embed a passage are an honest estimate of the real
 * model's on this machine, which the generated lookup model (a single Gather) cannot give.
 *
 * It is laid out as the real model is (see xlm-r-model.ts): `model_type: "bert"` with
 * `tokenizer_class: "XLMRobertaTokenizer"`, a Unigram tokenizer with XLM-R's special tokens and
 * Metaspace pre-tokenizer, ONNX inputs `input_ids` and `attention_mask` only (every token is of
 * type 0, whose embedding row the graph adds as a constant, as the export of the real model does).
 *
 * What differs from the real model, and why it does not change the cost:
 * - The tokenizer's vocabulary is the words of the given text (whole words, their lower-case and
 *   diacritic-free forms, and characters), not XLM-R's 250k SentencePiece pieces. Cost per token
 *   is the same; tokens per passage may differ a little (the bench reports tokens per passage so
 *   the figure can be scaled).
 * - The word-embedding table has 250,037 rows like the real one (so file size and memory match),
 *   but only the rows of the generated vocabulary are ever read. A smaller table (`embeddingRows`)
 *   changes memory, not compute: a Gather reads one row per token whatever the table's size.
 * - The int8 file follows what onnxruntime's dynamic quantisation writes for the real
 *   `model_quantized.onnx` (DynamicQuantizeLinear → MatMulInteger → scale; uint8 embedding tables
 *   with DequantizeLinear), written by hand because that tool is Python-only.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { uniformOpen } from "../random.ts";
import { DataType, int64Tensor, node, onnxModel, tensor, valueInfo } from "./onnx-writer.ts";
import { XLMR_SPECIAL_IDS, xlmRTokenizerFiles, xlmRVocabulary } from "./xlm-r-model.ts";
import type { StandInModelInfo, StandInModelOptions } from "./types.ts";

/** multilingual-e5-small's vocabulary size (config.json `vocab_size`). */
export const E5_SMALL_VOCAB_ROWS = 250_037;

/** The shape of multilingual-e5-small (intfloat/multilingual-e5-small config.json). */
export const E5_SMALL_SHAPE = { layers: 12, hidden: 384, heads: 12, intermediate: 1536, maxLength: 512 } as const;

/** Weight scale of BERT's initialiser (`initializer_range`), so activations stay in a realistic range. */
const INIT_STD = 0.02;
const LAYER_NORM_EPSILON = 1e-12;

/** Fills `out` with seeded N(0, std²) values (Box-Muller, two values per pair of draws). */
function fillGaussian(out: Float32Array, seed: number, std: number): Float32Array {
  const uniform = uniformOpen(seed);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform())) * std;
    const a = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/**
 * A table of seeded uniform values of standard deviation `std`, made as uint8 codes first (four per
 * random draw) and dequantized: for the 96M-value word table, where Box-Muller plus a separate
 * quantisation pass took tens of seconds and the distribution's shape changes nothing measured.
 * The int8 file stores the codes as they are, so both files hold the same table.
 */
function uniformTable(size: number, seed: number, std: number): Weight {
  const uniform = uniformOpen(seed);
  const q = new Uint8Array(size);
  const words = new Uint32Array(q.buffer, 0, Math.floor(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = uniform() * 4294967296;
  for (let i = words.length * 4; i < size; i++) q[i] = uniform() * 256;
  const zeroPoint = 128;
  const scale = (2 * Math.sqrt(3) * std) / 255;
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (q[i]! - zeroPoint) * scale;
  return { dims: [], data, quantized: { q, scale, zeroPoint } };
}

/** One weight matrix or vector of the model, in float32, with its ONNX shape. */
interface Weight {
  dims: number[];
  data: Float32Array;
  /** Its uint8 form, when it was generated that way (see {@link uniformTable}). */
  quantized?: { q: Uint8Array; scale: number; zeroPoint: number };
}

/** Every parameter, by name; generated once so the fp32 and int8 files hold the same model. */
function generateWeights(shape: Shape, embeddingRows: number, seed: number): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  let next = seed * 7919;
  const random = (name: string, dims: number[]) =>
    weights.set(name, { dims, data: fillGaussian(new Float32Array(dims.reduce((a, b) => a * b, 1)), next++, INIT_STD) });
  const constant = (name: string, size: number, value: number) => weights.set(name, { dims: [size], data: new Float32Array(size).fill(value) });

  const { hidden: h, intermediate, layers, maxLength } = shape;
  weights.set("embeddings.word", { ...uniformTable(embeddingRows * h, next++, INIT_STD), dims: [embeddingRows, h] });
  random("embeddings.position", [maxLength, h]);
  random("embeddings.token_type", [2, h]);
  constant("embeddings.ln.weight", h, 1);
  constant("embeddings.ln.bias", h, 0);
  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    for (const m of ["query", "key", "value", "attention_out"]) {
      random(`${p}.${m}.weight`, [h, h]);
      constant(`${p}.${m}.bias`, h, 0);
    }
    random(`${p}.intermediate.weight`, [h, intermediate]);
    constant(`${p}.intermediate.bias`, intermediate, 0);
    random(`${p}.output.weight`, [intermediate, h]);
    constant(`${p}.output.bias`, h, 0);
    for (const ln of ["attention_ln", "output_ln"]) {
      constant(`${p}.${ln}.weight`, h, 1);
      constant(`${p}.${ln}.bias`, h, 0);
    }
  }
  return weights;
}

interface Shape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  maxLength: number;
}

/** A graph under construction: nodes and initializers, appended in order. */
interface GraphBuilder {
  nodes: Uint8Array[];
  initializers: Uint8Array[];
  /** Already-quantized activations, so Q, K and V share one DynamicQuantizeLinear as in onnxruntime's output. */
  quantizedInputs: Map<string, [string, string, string]>;
}

const scalar = (v: number) => Float32Array.of(v);

// Plain index loops below: TypedArray.from(data, map) and for-of over 96M values are many times slower.

/** Per-tensor symmetric int8 weights (zero point 0), as onnxruntime's dynamic quantisation writes for MatMul. */
function quantizeSymmetric(data: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]!));
  const scale = max / 127 || 1;
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(data[i]! / scale)));
  return { q, scale };
}

/** Per-tensor asymmetric uint8 (for Gather tables, dequantized after the lookup). */
function quantizeAsymmetric(data: Float32Array): { q: Uint8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = (max - min) / 255 || 1;
  const zeroPoint = Math.round(-min / scale);
  const q = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) q[i] = Math.max(0, Math.min(255, Math.round(data[i]! / scale) + zeroPoint));
  return { q, scale, zeroPoint };
}

/** `output = input · W + b`, in float32 or the int8 pattern onnxruntime's dynamic quantisation emits. */
function linear(g: GraphBuilder, weights: Map<string, Weight>, name: string, input: string, output: string, int8: boolean): void {
  const w = weights.get(`${name}.weight`)!;
  const b = weights.get(`${name}.bias`)!;
  g.initializers.push(tensor(`${name}.bias`, b.dims, b.data));
  if (!int8) {
    g.initializers.push(tensor(`${name}.weight`, w.dims, w.data));
    g.nodes.push(node("MatMul", [input, `${name}.weight`], [`${output}.matmul`]));
  } else {
    const { q, scale } = quantizeSymmetric(w.data);
    g.initializers.push(
      tensor(`${name}.weight_quantized`, w.dims, q),
      tensor(`${name}.weight_scale`, [], scalar(scale)),
      tensor(`${name}.weight_zero_point`, [], Int8Array.of(0)),
    );
    let quantized = g.quantizedInputs.get(input);
    if (quantized === undefined) {
      quantized = [`${input}.quantized`, `${input}.scale`, `${input}.zero_point`];
      g.nodes.push(node("DynamicQuantizeLinear", [input], quantized));
      g.quantizedInputs.set(input, quantized);
    }
    const [xq, xs, xz] = quantized;
    g.nodes.push(
      node("MatMulInteger", [xq, `${name}.weight_quantized`, xz, `${name}.weight_zero_point`], [`${output}.int32`]),
      node("Cast", [`${output}.int32`], [`${output}.float`], { to: { int: DataType.FLOAT } }),
      node("Mul", [xs, `${name}.weight_scale`], [`${output}.scale`]),
      node("Mul", [`${output}.float`, `${output}.scale`], [`${output}.matmul`]),
    );
  }
  g.nodes.push(node("Add", [`${output}.matmul`, `${name}.bias`], [output]));
}

/** A row lookup in an embedding table: Gather on float32, or on uint8 followed by DequantizeLinear. */
function lookup(g: GraphBuilder, weights: Map<string, Weight>, name: string, indices: string, output: string, int8: boolean): void {
  const w = weights.get(name)!;
  if (!int8) {
    g.initializers.push(tensor(name, w.dims, w.data));
    g.nodes.push(node("Gather", [name, indices], [output]));
    return;
  }
  const { q, scale, zeroPoint } = w.quantized ?? quantizeAsymmetric(w.data);
  g.initializers.push(
    tensor(`${name}_quantized`, w.dims, q),
    tensor(`${name}_scale`, [], scalar(scale)),
    tensor(`${name}_zero_point`, [], Uint8Array.of(zeroPoint)),
  );
  g.nodes.push(
    node("Gather", [`${name}_quantized`, indices], [`${output}.quantized`]),
    node("DequantizeLinear", [`${output}.quantized`, `${name}_scale`, `${name}_zero_point`], [output]),
  );
}

function layerNorm(g: GraphBuilder, weights: Map<string, Weight>, name: string, input: string, output: string): void {
  for (const part of ["weight", "bias"]) {
    const w = weights.get(`${name}.${part}`)!;
    g.initializers.push(tensor(`${name}.${part}`, w.dims, w.data));
  }
  g.nodes.push(node("LayerNormalization", [input, `${name}.weight`, `${name}.bias`], [output], { axis: { int: -1 }, epsilon: { float: LAYER_NORM_EPSILON } }));
}

/**
 * The BERT encoder graph in the operator pattern a PyTorch export of BertModel produces (so
 * onnxruntime applies the same fusions it would to the real file): embeddings + LayerNorm, then per
 * layer self-attention with the additive mask (−10000 on padded keys), residual + LayerNorm, a
 * GELU feed-forward (0.5·x·(1 + erf(x/√2)); opset 17 has no Gelu operator), residual + LayerNorm.
 */
function encoderGraph(shape: Shape, weights: Map<string, Weight>, int8: boolean): Uint8Array {
  const g: GraphBuilder = { nodes: [], initializers: [], quantizedInputs: new Map() };
  const { hidden, heads, layers } = shape;
  const headSize = hidden / heads;
  const dyn = ["batch_size", "sequence_length"];

  g.initializers.push(
    int64Tensor("zero", [0], []),
    int64Tensor("one", [1], []),
    int64Tensor("mask_axes", [1, 2]),
    int64Tensor("heads_shape", [0, 0, heads, headSize]),
    int64Tensor("hidden_shape", [0, 0, hidden]),
    tensor("one_float", [], scalar(1)),
    tensor("mask_value", [], scalar(-10000)),
    tensor("sqrt_head_size", [], scalar(Math.sqrt(headSize))),
    tensor("sqrt_two", [], scalar(Math.SQRT2)),
    tensor("half", [], scalar(0.5)),
  );

  // Embeddings.
  lookup(g, weights, "embeddings.word", "input_ids", "words", int8);
  g.nodes.push(
    node("Shape", ["input_ids"], ["input_shape"]),
    node("Gather", ["input_shape", "one"], ["sequence_length"], { axis: { int: 0 } }),
    node("Range", ["zero", "sequence_length", "one"], ["position_ids"]),
  );
  lookup(g, weights, "embeddings.position", "position_ids", "positions", int8);
  // No token_type_ids input: every token is of type 0, so row 0 of the type table is added to all.
  g.initializers.push(tensor("embeddings.token_type_0", [hidden], weights.get("embeddings.token_type")!.data.slice(0, hidden)));
  g.nodes.push(node("Add", ["words", "positions"], ["with_positions"]), node("Add", ["with_positions", "embeddings.token_type_0"], ["embedded"]));
  layerNorm(g, weights, "embeddings.ln", "embedded", "hidden0");

  // Additive attention mask, [batch, 1, 1, sequence]: 0 where a token is real, −10000 on padding.
  g.nodes.push(
    node("Unsqueeze", ["attention_mask", "mask_axes"], ["mask4"]),
    node("Cast", ["mask4"], ["mask_float"], { to: { int: DataType.FLOAT } }),
    node("Sub", ["one_float", "mask_float"], ["mask_inverted"]),
    node("Mul", ["mask_inverted", "mask_value"], ["mask_add"]),
  );

  let h = "hidden0";
  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    const out = (s: string) => `${p}.${s}`;
    linear(g, weights, out("query"), h, out("q"), int8);
    linear(g, weights, out("key"), h, out("k"), int8);
    linear(g, weights, out("value"), h, out("v"), int8);
    g.nodes.push(
      node("Reshape", [out("q"), "heads_shape"], [out("q_heads")]),
      node("Transpose", [out("q_heads")], [out("q_t")], { perm: { ints: [0, 2, 1, 3] } }),
      node("Reshape", [out("k"), "heads_shape"], [out("k_heads")]),
      node("Transpose", [out("k_heads")], [out("k_t")], { perm: { ints: [0, 2, 3, 1] } }),
      node("Reshape", [out("v"), "heads_shape"], [out("v_heads")]),
      node("Transpose", [out("v_heads")], [out("v_t")], { perm: { ints: [0, 2, 1, 3] } }),
      node("MatMul", [out("q_t"), out("k_t")], [out("scores_raw")]),
      node("Div", [out("scores_raw"), "sqrt_head_size"], [out("scores_scaled")]),
      node("Add", [out("scores_scaled"), "mask_add"], [out("scores")]),
      node("Softmax", [out("scores")], [out("probs")], { axis: { int: -1 } }),
      node("MatMul", [out("probs"), out("v_t")], [out("context_heads")]),
      node("Transpose", [out("context_heads")], [out("context_t")], { perm: { ints: [0, 2, 1, 3] } }),
      node("Reshape", [out("context_t"), "hidden_shape"], [out("context")]),
    );
    linear(g, weights, out("attention_out"), out("context"), out("attention"), int8);
    g.nodes.push(node("Add", [out("attention"), h], [out("attention_residual")]));
    layerNorm(g, weights, out("attention_ln"), out("attention_residual"), out("attention_normed"));

    linear(g, weights, out("intermediate"), out("attention_normed"), out("ff"), int8);
    g.nodes.push(
      node("Div", [out("ff"), "sqrt_two"], [out("ff_scaled")]),
      node("Erf", [out("ff_scaled")], [out("ff_erf")]),
      node("Add", [out("ff_erf"), "one_float"], [out("ff_erf1")]),
      node("Mul", [out("ff"), out("ff_erf1")], [out("ff_gelu2")]),
      node("Mul", [out("ff_gelu2"), "half"], [out("ff_gelu")]),
    );
    linear(g, weights, out("output"), out("ff_gelu"), out("ff_out"), int8);
    g.nodes.push(node("Add", [out("ff_out"), out("attention_normed")], [out("output_residual")]));
    const next = l === layers - 1 ? "last_hidden_state" : `hidden${l + 1}`;
    layerNorm(g, weights, out("output_ln"), out("output_residual"), next);
    h = next;
  }
  if (layers === 0) g.nodes.push(node("Identity", [h], ["last_hidden_state"]));

  return onnxModel({
    name: int8 ? "hoidap_e5_small_stand_in_int8" : "hoidap_e5_small_stand_in",
    inputs: ["input_ids", "attention_mask"].map((n) => valueInfo(n, DataType.INT64, dyn)),
    outputs: [valueInfo("last_hidden_state", DataType.FLOAT, [...dyn, hidden])],
    initializers: g.initializers,
    nodes: g.nodes,
  });
}

/**
 * Writes the stand-in to `dir`: config.json (the fields of multilingual-e5-small's), tokenizer
 * files (vocabulary from `options.text`), onnx/model.onnx (float32) and, unless `quantized` is
 * false, onnx/model_quantized.onnx (int8, what transformers.js loads by default). With the default
 * 250,037-row table the files are about 470 MB and 120 MB, like the real ones; writing takes a few
 * seconds. Name the directory with "e5" in it (e.g. `e5-small-stand-in`) so the E5 prefixes are
 * added as for the real model.
 */
export async function writeStandInModel(dir: string, options: StandInModelOptions = {}): Promise<StandInModelInfo> {
  const shape: Shape = {
    layers: options.layers ?? E5_SMALL_SHAPE.layers,
    hidden: options.hidden ?? E5_SMALL_SHAPE.hidden,
    heads: options.heads ?? E5_SMALL_SHAPE.heads,
    intermediate: options.intermediate ?? E5_SMALL_SHAPE.intermediate,
    maxLength: options.maxLength ?? E5_SMALL_SHAPE.maxLength,
  };
  if (!Number.isInteger(shape.hidden / shape.heads)) throw new Error(`hidden size ${shape.hidden} is not a multiple of ${shape.heads} heads`);
  const vocab = xlmRVocabulary([options.text ?? "", ...(options.words ?? [])].join("\n"));
  const embeddingRows = Math.max(vocab.length, options.embeddingRows ?? E5_SMALL_VOCAB_ROWS);
  const seed = options.seed ?? 1;
  const quantized = options.quantized ?? true;

  const weights = generateWeights(shape, embeddingRows, seed);
  const parameters = [...weights.values()].reduce((n, w) => n + w.data.length, 0);
  const config = {
    architectures: ["BertModel"],
    model_type: "bert",
    attention_probs_dropout_prob: 0.1,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    hidden_size: shape.hidden,
    initializer_range: INIT_STD,
    intermediate_size: shape.intermediate,
    layer_norm_eps: LAYER_NORM_EPSILON,
    max_position_embeddings: shape.maxLength,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    pad_token_id: XLMR_SPECIAL_IDS["<pad>"],
    position_embedding_type: "absolute",
    tokenizer_class: "XLMRobertaTokenizer",
    type_vocab_size: 2,
    vocab_size: embeddingRows,
    hoidap_stand_in: {
      seed,
      description: "multilingual-e5-small's shape with random weights: honest cost, meaningless vectors",
      tokenizer_vocabulary: vocab.length,
    },
  };

  await mkdir(path.join(dir, "onnx"), { recursive: true });
  const files: { path: string; bytes: number }[] = [];
  const write = async (file: string, content: string | Uint8Array) => {
    await writeFile(path.join(dir, file), content);
    files.push({ path: file, bytes: Buffer.byteLength(content) });
  };
  await write("config.json", JSON.stringify(config, null, 2));
  for (const [file, content] of xlmRTokenizerFiles(vocab, shape.maxLength)) await write(file, content);
  // One graph at a time: each holds a copy of the weights while it is encoded.
  await write("onnx/model.onnx", encoderGraph(shape, weights, false));
  if (quantized) await write("onnx/model_quantized.onnx", encoderGraph(shape, weights, true));
  return { dir, vocabularySize: vocab.length, dimensions: shape.hidden, files, layers: shape.layers, embeddingRows, parameters, quantized };
}
