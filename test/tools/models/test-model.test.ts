import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../../../src/embed/mod.ts";
import { writeTestModel } from "../../../tools/models/mod.ts";
import { testEmbeddingConfig } from "../../helpers/test-model.ts";

const TEXT = [
  "Đoàn giám sát Nghị quyết 25 làm việc với Công an tỉnh và Ban Dân vận.",
  "Mô hình Tiếng kẻng an ninh và Chốt đảm bảo ANTT ở xã.",
  "Công an và nhân dân cùng bảo vệ an ninh trật tự.",
  "Hội nghị sơ kết và ký kết chương trình phối hợp.",
].join("\n");

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("writeTestModel", () => {
  let scratch: string;
  let embedder: Embedder;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-test-model-"));
    await writeTestModel(path.join(scratch, "a"), { text: TEXT, dimensions: 32 });
    embedder = await loadEmbedder(testEmbeddingConfig(path.join(scratch, "a")));
  });
  afterAll(async () => {
    await embedder?.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it("writes the same files for the same text and seed, and different vectors for another seed", async () => {
    const infoB = await writeTestModel(path.join(scratch, "b"), { text: TEXT, dimensions: 32 });
    const infoC = await writeTestModel(path.join(scratch, "c"), { text: TEXT, dimensions: 32, seed: 2 });
    expect(infoB.dimensions).toBe(32);
    expect(infoB.files.map((f) => f.path).sort()).toEqual(
      ["config.json", "onnx/model.onnx", "onnx/model_quantized.onnx", "tokenizer.json", "tokenizer_config.json"],
    );
    for (const { path: file } of infoB.files) {
      expect(await readFile(path.join(scratch, "b", file))).toEqual(await readFile(path.join(scratch, "a", file)));
    }
    const onnx = "onnx/model_quantized.onnx";
    expect(await readFile(path.join(scratch, "c", onnx))).not.toEqual(await readFile(path.join(scratch, "a", onnx)));
    expect(embedder.dimensions).toBe(32);
  });

  it("knows the words of its text, with and without diacritics, as separate tokens", async () => {
    const tokenizer = JSON.parse(await readFile(path.join(scratch, "a", "tokenizer.json"), "utf8"));
    const vocab = Object.keys(tokenizer.model.vocab);
    expect(vocab).toEqual(expect.arrayContaining(["nghị", "quyết", "nghi", "quyet", "kẻng", "keng", "đoàn", "doan", "antt"]));
    // Typed without diacritics, a phrase is not the same text as with them, nor reduced to unknowns.
    const [accented, folded, unknown] = await embedder.embedPassages(["nghị quyết", "nghi quyet", "xyzzy plugh"]);
    expect(dot(accented!, folded!)).toBeLessThan(0.9);
    expect(dot(folded!, unknown!)).toBeLessThan(0.9);
  });

  it("gives text made only of unknown words a unit vector rather than zeros", async () => {
    const vector = await embedder.embedQuery("xyzzy plugh 12345");
    expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
  });

  it("weighs a rare shared word above a common one, so passages match on what they are about", async () => {
    // "và" is on every line of the text, "kẻng" on one.
    const question = await embedder.embedQuery("kẻng và");
    const [rare, common] = await embedder.embedPassages(["kẻng", "và"]);
    expect(dot(question, rare!)).toBeGreaterThan(dot(question, common!) + 0.2);
  });
});
