import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../../src/embed/mod.ts";
import { getTestModelDir, testEmbeddingConfig } from "../helpers/test-model.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

describe("loadEmbedder with the generated test model", () => {
  let modelDir: string;
  let embedder: Embedder;

  beforeAll(async () => {
    modelDir = await getTestModelDir();
    embedder = await loadEmbedder(testEmbeddingConfig(modelDir));
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it("loads from a local directory with downloads off and reports the model and its dimension", () => {
    expect(embedder.modelId).toBe(modelDir);
    expect(embedder.dimensions).toBe(64);
  });

  it("returns unit-length vectors of the model's dimension", async () => {
    const [a, b] = await embedder.embedPassages(["Công an tỉnh Hà Tĩnh", "Ban Dân vận Thành ủy TPHCM phối hợp với Công an TPHCM."]);
    const q = await embedder.embedQuery("ai chủ trì hội nghị?");
    for (const v of [a!, b!, q]) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(embedder.dimensions);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it("puts a question closer to a passage sharing its words than to an unrelated passage", async () => {
    const [related, unrelated] = await embedder.embedPassages([
      "Đoàn giám sát việc thực hiện Nghị quyết 25 của Ban Dân vận Tỉnh ủy đã làm việc với Công an tỉnh Thừa Thiên Huế.",
      "Mô hình Tiếng kẻng an ninh được duy trì ở huyện Thanh Sơn, tỉnh Phú Thọ.",
    ]);
    const question = await embedder.embedQuery("Đoàn giám sát Nghị quyết 25 làm việc với đơn vị nào?");
    expect(dot(question, related!)).toBeGreaterThan(dot(question, unrelated!) + 0.1);
  });

  it("gives the same vectors in a batch as one by one, in input order, and reports progress per batch", async () => {
    const small = await loadEmbedder({ ...testEmbeddingConfig(modelDir), batchSize: 3 });
    try {
      // Lengths deliberately out of order, so sorting by length inside the call is exercised.
      const texts = [
        "Công tác dân vận gắn với nhiệm vụ chuyên môn của lực lượng công an trong giai đoạn mới",
        "hội nghị",
        "Ban Dân vận Thành ủy Hà Nội",
        "",
        "Phong trào toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư được triển khai rộng khắp trên địa bàn tỉnh",
        "Nghị quyết 25",
        "Dân vận khéo",
      ];
      const progress: [number, number][] = [];
      const batched = await small.embedPassages(texts, (done, total) => progress.push([done, total]));
      expect(batched).toHaveLength(texts.length);
      for (const [i, text] of texts.entries()) {
        const [single] = await small.embedPassages([text]);
        expect(Array.from(batched[i]!)).toEqual(Array.from(single!).map((x) => expect.closeTo(x, 5)));
      }
      expect(progress).toEqual([[3, 7], [6, 7], [7, 7]]);
      expect(await small.embedPassages([])).toEqual([]);
    } finally {
      await small.dispose();
    }
  });

  it("adds the configured prefixes to passages and questions", async () => {
    const prefixed = await loadEmbedder({ ...testEmbeddingConfig(modelDir), passagePrefix: "Công an tỉnh ", queryPrefix: "Phú Thọ " });
    // The same model with no prefix at all, to spell the prefixed texts out by hand.
    const bare = await loadEmbedder({ ...testEmbeddingConfig(modelDir), passagePrefix: "", queryPrefix: "" });
    try {
      const [withPrefix] = await prefixed.embedPassages(["hội nghị sơ kết"]);
      const [spelledOut] = await bare.embedPassages(["Công an tỉnh hội nghị sơ kết"]);
      const [plain] = await bare.embedPassages(["hội nghị sơ kết"]);
      expect(Array.from(withPrefix!)).toEqual(Array.from(spelledOut!).map((x) => expect.closeTo(x, 5)));
      expect(dot(withPrefix!, plain!)).toBeLessThan(0.99);

      const query = await prefixed.embedQuery("hội nghị sơ kết");
      const spelledQuery = await bare.embedQuery("Phú Thọ hội nghị sơ kết");
      expect(Array.from(query)).toEqual(Array.from(spelledQuery).map((x) => expect.closeTo(x, 5)));
    } finally {
      await prefixed.dispose();
      await bare.dispose();
    }
  });

  it("truncates long texts to the model's maximum length instead of failing", async () => {
    // The generated graph, like a real BERT, rejects sequences longer than 512 tokens.
    const words = "công tác dân vận hội nghị phối hợp an ninh trật tự nhân dân".split(" ");
    const long = Array.from({ length: 5000 }, (_, i) => words[i % words.length]).join(" ");
    const [vector] = await embedder.embedPassages([long, "Nghị quyết 25"]);
    expect(vector!.length).toBe(embedder.dimensions);
    expect(norm(vector!)).toBeCloseTo(1, 5);
    const query = await embedder.embedQuery(long);
    expect(norm(query)).toBeCloseTo(1, 5);
  });

  it("loads the full-precision file when quantized is false", async () => {
    const full = await loadEmbedder({ ...testEmbeddingConfig(modelDir), quantized: false });
    try {
      const [a] = await full.embedPassages(["Công an tỉnh Hà Tĩnh"]);
      const [b] = await embedder.embedPassages(["Công an tỉnh Hà Tĩnh"]);
      expect(dot(a!, b!)).toBeCloseTo(1, 5);
    } finally {
      await full.dispose();
    }
  });
});
