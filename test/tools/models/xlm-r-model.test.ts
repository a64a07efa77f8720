import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AutoTokenizer, env } from "@xenova/transformers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../../../src/embed/mod.ts";
import { openModel } from "../../../src/embed/embedder.ts";
import { writeXlmRModel } from "../../../tools/models/xlm-r-model.ts";
import { SEED_QUESTIONS } from "../../helpers/seed-questions.ts";
import { getTestModelDir, testEmbeddingConfig } from "../../helpers/test-model.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("the XLM-R-shaped generated model, loaded as multilingual-e5-small is", () => {
  let dir: string;
  let embedder: Embedder;
  beforeAll(async () => {
    dir = await getTestModelDir();
    embedder = await loadEmbedder(testEmbeddingConfig(dir));
  });
  afterAll(async () => embedder?.dispose());

  it("has the real model's files and config keys: a BERT encoder with the XLM-R tokenizer", async () => {
    const config = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({ model_type: "bert", architectures: ["BertModel"], tokenizer_class: "XLMRobertaTokenizer", pad_token_id: 1 });
    const tokenizer = JSON.parse(await readFile(path.join(dir, "tokenizer.json"), "utf8"));
    expect(tokenizer.model.type).toBe("Unigram");
    expect(tokenizer.pre_tokenizer.type).toBe("Metaspace");
    expect(tokenizer.model.vocab.slice(0, 4).map(([piece]: [string]) => piece)).toEqual(["<s>", "<pad>", "</s>", "<unk>"]);
  });

  it("is tokenized by transformers.js's XLMRobertaTokenizer: <s> … </s>, <pad> 1, no token_type_ids", async () => {
    const e = env as unknown as { localModelPath: string; allowRemoteModels: boolean };
    e.localModelPath = path.dirname(path.dirname(dir));
    e.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained("Xenova/multilingual-e5-small");
    expect(tokenizer.constructor.name).toBe("XLMRobertaTokenizer");
    const encoded = tokenizer(["query: Nghị quyết 25", "hội nghị"], { padding: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
    expect(Object.keys(encoded).sort()).toEqual(["attention_mask", "input_ids"]);
    const ids = Array.from(encoded.input_ids!.data, Number);
    const width = encoded.input_ids!.dims[1]!;
    const first = ids.slice(0, width);
    const second = ids.slice(width);
    expect(first[0]).toBe(0);
    expect(first.at(-1)).toBe(2);
    expect(second[0]).toBe(0);
    expect(second.filter((id) => id === 1).length).toBeGreaterThan(0); // padded with <pad>
    expect(tokenizer.decode(first, { skip_special_tokens: true })).toBe("query: Nghị quyết 25");
    // Words of the reports are whole pieces, not <unk> (3) or characters.
    expect(first).not.toContain(3);
    const pieces = tokenizer.model.convert_ids_to_tokens(Array.from((tokenizer("Nghị quyết") as { input_ids: { data: BigInt64Array } }).input_ids.data, Number));
    expect(pieces).toEqual(["<s>", "▁Nghị", "▁quyết", "</s>"]);
  });

  it("runs with only input_ids and attention_mask, and gives unit vectors with the E5 prefixes added", async () => {
    const { extractor } = await openModel(testEmbeddingConfig(dir));
    try {
      const session = (extractor.model as unknown as { session: { inputNames: string[] } }).session;
      expect(session.inputNames).toEqual(["input_ids", "attention_mask"]);
    } finally {
      await extractor.dispose();
    }
    const bare = await loadEmbedder({ ...testEmbeddingConfig(dir), queryPrefix: "", passagePrefix: "" });
    try {
      const question = "hội nghị sơ kết";
      const [spelled] = await bare.embedPassages([`query: ${question}`]);
      expect(Array.from(await embedder.embedQuery(question))).toEqual(Array.from(spelled!).map((x) => expect.closeTo(x, 5)));
      const [passage] = await embedder.embedPassages([question]);
      const [spelledPassage] = await bare.embedPassages([`passage: ${question}`]);
      expect(Array.from(passage!)).toEqual(Array.from(spelledPassage!).map((x) => expect.closeTo(x, 5)));
      expect(Math.hypot(...passage!)).toBeCloseTo(1, 5);
    } finally {
      await bare.dispose();
    }
  });

  it("puts each seed question (typed with diacritics) nearest its own report's answer", async () => {
    const golds = await embedder.embedPassages(SEED_QUESTIONS.map((q) => q.gold));
    for (const [i, seed] of SEED_QUESTIONS.entries()) {
      if (seed.noDiacritics) continue;
      const q = await embedder.embedQuery(seed.question);
      const scores = golds.map((g) => dot(q, g));
      expect(scores.indexOf(Math.max(...scores)), seed.id).toBe(i);
    }
  });

  it("truncates a text longer than the model's 512 positions instead of failing", async () => {
    const [v] = await embedder.embedPassages([Array.from({ length: 900 }, () => "hội nghị").join(" ")]);
    expect(v!.every(Number.isFinite)).toBe(true);
  });

  it("with a declared token_type_ids input (the 2023 export), transformers.js feeds zeros and the vectors are the same", async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-xlmr-tt-"));
    try {
      const text = SEED_QUESTIONS.map((q) => `${q.question}\n${q.gold}`).join("\n");
      const plainDir = path.join(scratch, "a", "multilingual-e5-small");
      const typedDir = path.join(scratch, "b", "multilingual-e5-small");
      await writeXlmRModel(plainDir, { text });
      const info = await writeXlmRModel(typedDir, { text, tokenTypeInput: true });
      expect(info.inputs).toEqual(["input_ids", "attention_mask", "token_type_ids"]);
      const plain = await loadEmbedder(testEmbeddingConfig(plainDir));
      const typed = await loadEmbedder(testEmbeddingConfig(typedDir));
      try {
        const [a] = await plain.embedPassages([SEED_QUESTIONS[0]!.gold]);
        const [b] = await typed.embedPassages([SEED_QUESTIONS[0]!.gold]);
        expect(Array.from(b!)).toEqual(Array.from(a!).map((x) => expect.closeTo(x, 6)));
      } finally {
        await plain.dispose();
        await typed.dispose();
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
