import { cp, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { renderAnswerText, loadMessages } from "../../src/render/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import { memoryLogger } from "../e2e/harness.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { getTestModelDir } from "../helpers/test-model.ts";
import { workspacePerTest } from "../helpers/workspace-per-test.ts";

const silent = pino({ level: "silent" });
const seed = SEED_QUESTIONS[0]!;
const NEW_REPORT = "Báo cáo diễn tập phòng cháy\n\nNgày 5/3, Công an huyện tổ chức diễn tập phòng cháy chữa cháy tại chợ trung tâm với 200 người tham gia.\n";
const NEW_QUESTION = "Công an huyện diễn tập phòng cháy chữa cháy ở đâu?";

const t = workspacePerTest();

async function until(check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("keyword search only", () => {
  it("EMBEDDING_MODEL=none serves keyword search from the first start, answering a seeds question in the usual form", async () => {
    const service = await openQaService(t.ws.withEnv({ EMBEDDING_MODEL: "none" }), { logger: silent });
    t.closeAfter(service);
    expect(service.status()).toMatchObject({ model: "none", keywordOnly: { kind: "configured" } });
    const { answer, result } = await service.ask(seed.question);
    expect(result.mode).toBe("lexical");
    expect(answer.found).toBe(true);
    expect(result.hits[0]?.document.file).toBe(seed.doc);
    // The same rendering as a hybrid answer: passages with their report and place in it.
    const text = renderAnswerText(answer, loadMessages());
    expect(text).toContain(result.hits[0]!.document.title);
  });

  it("starts anyway when the configured model cannot be loaded, with one log line naming the cause and the fix", async () => {
    const log = memoryLogger();
    const config = t.ws.withEnv({ EMBEDDING_MODEL: "Xenova/multilingual-e5-small", EMBEDDING_OFFLINE: "true", EMBEDDINGS_DIR: path.join(t.ws.dir, "empty-cache") });
    const service = await openQaService(config, { logger: log.logger });
    t.closeAfter(service);
    const status = service.status();
    expect(status.keywordOnly?.kind).toBe("model-unavailable");
    const warnings = log.lines.filter((l) => l.includes("keyword search only"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Xenova/multilingual-e5-small");
    expect(warnings[0]).toContain("npm run model -- unpack");
    const { answer, result } = await service.ask(seed.question);
    expect(answer.found).toBe(true);
    expect(result.hits[0]?.document.file).toBe(seed.doc);
  });

  it("when the model is there again, embeds the existing passages in the background without reading the reports, then switches to hybrid", async () => {
    const keywordOnly = await openQaService(t.ws.withEnv({ EMBEDDING_MODEL: "none" }), { logger: silent });
    const reports = keywordOnly.status().reports;
    await keywordOnly.close();
    // The reports are gone: the passages to embed can only come from the index.
    await rename(t.ws.seedsDir, `${t.ws.seedsDir}.away`);

    const embedder = await loadEmbedder(t.ws.config.embedding);
    const service = await openQaService(t.ws.config, { logger: silent, embedder, progressive: true, reindexNice: 0 });
    t.closeAfter(service);
    // Answers at once, by keywords, while the passages are embedded.
    expect(service.status().keywordOnly).toEqual({ kind: "embedding" });
    expect((await service.ask(seed.question)).result.mode).toBe("lexical");

    await until(() => service.status().keywordOnly === undefined);
    const status = service.status();
    expect(status.model).toBe(embedder.modelId);
    expect(status.reports).toBe(reports);
    expect(status.embedding).toBeUndefined();
    const { result } = await service.ask(seed.question);
    expect(result.mode).toBe("hybrid");
    expect(result.hits[0]?.document.file).toBe(seed.doc);
  }, 120_000);

  it("a bot that started without its model picks it up at the next reindex, which adds the vectors", async () => {
    const later = path.join(t.ws.dir, "model-later");
    const service = await openQaService(t.ws.withEnv({ EMBEDDING_MODEL: later }), { logger: silent });
    t.closeAfter(service);
    expect(service.status().keywordOnly?.kind).toBe("model-unavailable");
    await cp(await getTestModelDir(), later, { recursive: true });
    const summary = await service.reindex();
    expect(summary.passagesEmbedded).toBe(service.status().passages);
    expect(service.status().keywordOnly).toBeUndefined();
    expect(service.status().model).toBe(later);
    expect((await service.ask(seed.question)).result.mode).toBe("hybrid");
  }, 120_000);

  it("a reindex while the model is missing keeps the vectors: when it is back, only the new report's passages are embedded", async () => {
    // The model as a server holds it: a local directory named like the real one (so the E5 prefixes apply).
    const modelDir = path.join(t.ws.dir, "models", "multilingual-e5-small");
    await cp(await getTestModelDir(), modelDir, { recursive: true });
    const config = t.ws.withEnv({ EMBEDDING_MODEL: modelDir });

    // Built with the model.
    const withModel = await openQaService(config, { logger: silent, progressive: false });
    const built = withModel.status().passages;
    expect(withModel.status()).toMatchObject({ model: modelDir });
    await withModel.close();

    // Restarted with the model unreachable; a report is added and the index updated.
    await rename(modelDir, `${modelDir}.away`);
    const without = await openQaService(config, { logger: silent, reindexNice: 0 });
    expect(without.status().keywordOnly?.kind).toBe("model-unavailable");
    await writeFile(path.join(t.ws.seedsDir, "005_moi.txt"), NEW_REPORT);
    const reindexed = await without.reindex();
    expect(reindexed).toMatchObject({ added: ["005_moi.txt"], vectorsKept: built });
    expect((await without.ask(NEW_QUESTION)).result.hits[0]?.document.file).toBe("005_moi.txt");
    const newPassages = without.sources().find((d) => d.file === "005_moi.txt")!.passageCount;
    expect(without.status().passages).toBe(built + newPassages);
    await without.close();

    // Restarted with the model: the background embedding does the new report's passages alone.
    await rename(`${modelDir}.away`, modelDir);
    const back = await openQaService(config, { logger: silent, reindexNice: 0 });
    t.closeAfter(back);
    await until(() => back.status().keywordOnly === undefined);
    expect(back.status().lastReindex).toMatchObject({ passagesEmbedded: newPassages, resumedPassages: built });
    expect(back.status().model).toBe(modelDir);
    const { result } = await back.ask(NEW_QUESTION);
    expect(result.mode).toBe("hybrid");
    expect(result.hits[0]?.document.file).toBe("005_moi.txt");
    expect((await back.ask(seed.question)).result.hits[0]?.document.file).toBe(seed.doc);
  }, 180_000);

  it("on a first start, serves keyword search at once and moves to hybrid when the background embedding is done", async () => {
    const embedder = await loadEmbedder(t.ws.config.embedding);
    const service = await openQaService(t.ws.config, { logger: silent, embedder, progressive: true, reindexNice: 0 });
    t.closeAfter(service);
    expect(service.status().model).toBe("none");
    expect((await service.ask(seed.question)).answer.found).toBe(true);
    await until(() => service.status().keywordOnly === undefined);
    expect(service.status().model).toBe(embedder.modelId);
    expect((await service.ask(seed.question)).result.mode).toBe("hybrid");
  }, 120_000);
});
