import pino from "pino";
import { describe, expect, it } from "vitest";
import { openQaService } from "../../src/service/mod.ts";
import { memoryLogger } from "../e2e/harness.ts";
import { countingEmbedder } from "../helpers/counting-embedder.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { workspacePerTest } from "../helpers/workspace-per-test.ts";

const silent = pino({ level: "silent" });
const t = workspacePerTest();

describe("the loaded model weighs the answer sentence", () => {
  it("reads the question's best answer candidates, sentences of the top passages, and none when ANSWER_MEANING_WEIGHT is 0", async () => {
    const { embedder, texts } = await countingEmbedder(t.ws.config.embedding);
    const service = await openQaService(t.ws.config, { logger: silent, embedder });
    t.closeAfter(service);
    const question = SEED_QUESTIONS[0]!.question;
    texts.length = 0; // what the index build embedded
    const { data, result } = await service.ask(question);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.length).toBeLessThanOrEqual(8);
    const top = result.hits.slice(0, 5).map((h) => h.passage.text);
    for (const t of texts) expect(top.some((p) => p.includes(t)), t).toBe(true);
    // The answer shown is one of the sentences the model read (with its neighbour, when one is shown).
    expect(texts.some((t) => data.sentences[0]!.text.includes(t))).toBe(true);

    const wordsAlone = await openQaService(t.ws.withEnv({ ANSWER_MEANING_WEIGHT: "0" }), { logger: silent, embedder });
    t.closeAfter(wordsAlone);
    texts.length = 0;
    await wordsAlone.ask(question);
    expect(texts).toEqual([]);
  });

  it("still answers, as by the words alone, when the model fails on the answer candidates, and logs why", async () => {
    const { embedder } = await countingEmbedder(t.ws.config.embedding);
    const log = memoryLogger();
    const service = await openQaService(t.ws.config, { logger: log.logger, embedder });
    t.closeAfter(service);
    const wordsAlone = await openQaService(t.ws.withEnv({ ANSWER_MEANING_WEIGHT: "0" }), { logger: silent, embedder });
    t.closeAfter(wordsAlone);
    embedder.embedPassages = () => Promise.reject(new Error("onnxruntime: out of memory"));
    for (const { question } of SEED_QUESTIONS.slice(0, 3)) {
      const { data } = await service.ask(question);
      expect(data.sentences[0]?.text).toBe((await wordsAlone.ask(question)).data.sentences[0]?.text);
    }
    const warnings = log.lines.filter((l) => l.includes("weighing answer sentences by meaning failed"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toContain("out of memory");
  });

  it("answers a burst of questions by the words alone, beyond the first two answered at once", async () => {
    const { embedder, texts } = await countingEmbedder(t.ws.config.embedding);
    const service = await openQaService(t.ws.config, { logger: silent, embedder });
    t.closeAfter(service);
    const questions = SEED_QUESTIONS.map((q) => q.question);
    const oneAtATime: number[] = [];
    for (const q of questions) {
      texts.length = 0;
      await service.ask(q);
      oneAtATime.push(texts.length);
    }
    // The questions that have candidates to weigh when asked alone.
    const weighed = questions.filter((_, i) => oneAtATime[i]! > 1);
    expect(weighed.length, String(oneAtATime)).toBeGreaterThan(2);
    let weighings = 0;
    const embed = embedder.embedPassages;
    embedder.embedPassages = (batch, onProgress) => (weighings++, embed(batch, onProgress));
    const answers = await Promise.all(weighed.map((q) => service.ask(q)));
    expect(answers.every((a) => a.data.verdict !== "not_found")).toBe(true);
    expect(weighings).toBe(2);
  });
});
