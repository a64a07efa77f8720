import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../../../src/embed/mod.ts";
import { openModel } from "../../../src/embed/embedder.ts";
import { writeStandInModel, type StandInModelInfo } from "../../../tools/models/mod.ts";
import { testEmbeddingConfig } from "../../helpers/test-model.ts";

const TEXT = [
  "Đoàn giám sát Nghị quyết 25 làm việc với Công an tỉnh và Ban Dân vận.",
  "Mô hình Tiếng kẻng an ninh và Chốt đảm bảo ANTT ở xã.",
  "Công an và nhân dân cùng bảo vệ an ninh trật tự.",
].join("\n");

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("writeStandInModel (multilingual-e5-small's shape, random weights)", () => {
  let scratch: string;
  let dir: string;
  let info: StandInModelInfo;
  let int8: Embedder;
  let fp32: Embedder;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-stand-in-"));
    // The full encoder; only the word table is cut to the vocabulary (250k rows would add 470 MB
    // of writing and nothing to what is checked here: a Gather costs the same on any table size).
    dir = path.join(scratch, "e5-small-stand-in");
    info = await writeStandInModel(dir, { text: TEXT, embeddingRows: 0 });
    int8 = await loadEmbedder(testEmbeddingConfig(dir));
    fp32 = await loadEmbedder({ ...testEmbeddingConfig(dir), quantized: false });
  });
  afterAll(async () => {
    await int8?.dispose();
    await fp32?.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it("describes itself like the real model's config.json and holds e5-small's weight count", async () => {
    const config = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({
      model_type: "bert",
      hidden_size: 384,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 1536,
      max_position_embeddings: 512,
      hidden_act: "gelu",
      layer_norm_eps: 1e-12,
      type_vocab_size: 2,
      tokenizer_class: "XLMRobertaTokenizer",
      pad_token_id: 1,
    });
    const tokenizer = JSON.parse(await readFile(path.join(dir, "tokenizer.json"), "utf8"));
    expect(tokenizer.model.type).toBe("Unigram");
    expect(tokenizer.pre_tokenizer.type).toBe("Metaspace");
    // Encoder weights of BERT-small-384: 12 × (4·384² + 2·384·1536 + biases and norms) + positions.
    const encoder = info.parameters - info.embeddingRows * 384;
    expect(encoder).toBe(12 * (4 * (384 * 384 + 384) + 384 * 1536 + 1536 + 1536 * 384 + 384 + 4 * 384) + 512 * 384 + 2 * 384 + 2 * 384);
    expect(info.files.map((f) => f.path)).toEqual(expect.arrayContaining(["onnx/model.onnx", "onnx/model_quantized.onnx"]));
    // int8 weights: the quantized file is about a quarter of the float one.
    const size = (p: string) => info.files.find((f) => f.path === p)!.bytes;
    expect(size("onnx/model_quantized.onnx")).toBeLessThan(size("onnx/model.onnx") * 0.3);
  });

  it("runs in both files with the real model's two inputs, input_ids and attention_mask", async () => {
    for (const quantized of [true, false]) {
      const { extractor } = await openModel({ ...testEmbeddingConfig(dir), quantized });
      try {
        expect(extractor.tokenizer.constructor.name).toBe("XLMRobertaTokenizer");
        const session = (extractor.model as unknown as { session: { inputNames: string[] } }).session;
        expect(session.inputNames).toEqual(["input_ids", "attention_mask"]);
      } finally {
        await extractor.dispose();
      }
    }
  });

  it("loads through transformers.js and returns 384-dimensional unit vectors that differ by text", async () => {
    expect(int8.dimensions).toBe(384);
    const [a, b] = await int8.embedPassages(["Công an tỉnh Hà Tĩnh", "Mô hình Tiếng kẻng an ninh"]);
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeLessThan(0.999);
  });

  it("accepts a full 512-token sequence and truncates longer text instead of failing", async () => {
    const words = "công an nhân dân hội nghị phối hợp an ninh trật tự".split(" ");
    const long = Array.from({ length: 2000 }, (_, i) => words[i % words.length]).join(" ");
    const [vector] = await fp32.embedPassages([long]);
    expect(vector!.length).toBe(384);
    expect(vector!.every(Number.isFinite)).toBe(true);
  });

  it("masks padding: a text gives the same vector alone as beside a longer one", async () => {
    const short = "Ban Dân vận Tỉnh ủy";
    const [alone] = await fp32.embedPassages([short]);
    const [padded] = await fp32.embedPassages([short, `${short} ${TEXT}`]);
    expect(dot(alone!, padded!)).toBeGreaterThan(0.9999);
  });

  it("computes the same function in int8 as in fp32, within quantisation error", async () => {
    const texts = ["Đoàn giám sát Nghị quyết 25", "Chốt đảm bảo ANTT ở xã"];
    const exact = await fp32.embedPassages(texts);
    const quantized = await int8.embedPassages(texts);
    expect(dot(exact[0]!, quantized[0]!)).toBeGreaterThan(0.95);
    // …and not merely "some unit vector": the other text's int8 vector is further away.
    expect(dot(exact[0]!, quantized[0]!)).toBeGreaterThan(dot(exact[0]!, quantized[1]!));
  });
});
