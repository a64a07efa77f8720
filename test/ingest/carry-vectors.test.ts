import { existsSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { passageEmbedText } from "../../src/corpus/mod.ts";
import { keywordOnlyEmbedder } from "../../src/embed/mod.ts";
import { loadIndex, type LoadedIndex } from "../../src/index/mod.ts";
import { buildIndex, checkpointDir, fillVectors } from "../../src/ingest/mod.ts";
import { buildOptionsFor, createWorkspace, type Workspace } from "../helpers/workspace.ts";
import { countingEmbedder } from "../helpers/counting-embedder.ts";


const REPORT_A = "Báo cáo diễn tập phòng cháy\n\nNgày 5/3, Công an huyện tổ chức diễn tập phòng cháy chữa cháy tại chợ trung tâm với 200 người tham gia.\n";
const REPORT_C = "Báo cáo hội nghị an ninh\n\nNgày 2/2, Công an tỉnh tổ chức hội nghị tổng kết an ninh trật tự với 150 đại biểu.\n";
const REPORT_B = "Báo cáo tuyên truyền an toàn giao thông\n\nNgày 9/4, Đoàn thanh niên phối hợp với Công an xã tuyên truyền an toàn giao thông cho 300 học sinh.\n";

let ws: Workspace;
beforeEach(async () => {
  ws = await createWorkspace();
});
afterEach(async () => ws?.remove());

/** Every live passage of an index, by label. */
const passagesOf = (index: LoadedIndex) =>
  Array.from({ length: index.manifest.counts.labels }, (_, label) => index.passageAt(label)).filter((p) => p !== undefined);

describe("a reindex while the model is missing", () => {
  it("keeps the vectors of the unchanged passages, so that only new passages are embedded when the model is back", async () => {
    const { embedder, texts } = await countingEmbedder(ws.config.embedding);
    try {
      // Built with the model, then a report added with it too: written as a delta over that base.
      (await buildIndex(buildOptionsFor(ws, embedder))).index.close();
      await writeFile(path.join(ws.seedsDir, "004_c.txt"), REPORT_C);
      const first = await buildIndex(buildOptionsFor(ws, embedder));
      expect(first.summary.written).toBe("delta");
      const built = first.summary.passages;
      first.index.close();

      // The model is missing: reports come and go, twice, and each reindex is keyword-only.
      const removed = "001_7ec918850e737c07.txt";
      const removedPassages = first.index.documents.get([...first.index.documents.values()].find((d) => d.file === removed)!.id)!.passageCount;
      await unlink(path.join(ws.seedsDir, removed));
      await writeFile(path.join(ws.seedsDir, "005_a.txt"), REPORT_A);
      const second = await buildIndex(buildOptionsFor(ws, keywordOnlyEmbedder));
      second.index.close();
      expect(second.index.manifest.model.id).toBe("none");
      // The reports kept were not read again, and their vectors are set aside.
      expect(second.summary).toMatchObject({ kind: "incremental", added: ["005_a.txt"], removed: [removed], vectorsKept: built - removedPassages });
      expect(existsSync(checkpointDir(ws.config.index.dir))).toBe(true);

      await writeFile(path.join(ws.seedsDir, "006_b.txt"), REPORT_B);
      const third = await buildIndex(buildOptionsFor(ws, keywordOnlyEmbedder));
      third.index.close();
      // The passages of 005_a.txt have no vector yet: only those from the first index are kept.
      expect(third.summary.vectorsKept).toBe(built - removedPassages);
      const newPassages = third.summary.passages - (built - removedPassages);
      expect(newPassages).toBeGreaterThanOrEqual(2);

      // The model is back: the fill embeds the two new reports' passages, nothing else.
      texts.length = 0;
      const { summary } = await fillVectors({ index: ws.config.index, embedding: ws.config.embedding, embedder });
      expect(summary).toMatchObject({ passagesEmbedded: newPassages, resumedPassages: built - removedPassages });
      expect(texts).toHaveLength(newPassages);
      expect(texts.every((t) => t.includes("Báo cáo diễn tập phòng cháy") || t.includes("Báo cáo tuyên truyền an toàn giao thông"))).toBe(true);

      // Every passage has its own vector: what the model gives for its text, kept or new.
      const index = await loadIndex(ws.config.index.dir);
      try {
        expect(index.manifest.model.id).toBe(embedder.modelId);
        const passages = passagesOf(index);
        expect(passages).toHaveLength(third.summary.passages);
        const expected = await embedder.embedPassages(passages.map((p) => passageEmbedText(index.documents.get(p.docId)!.title, p.text)));
        passages.forEach((p, i) => {
          const stored = index.vectors.getPoint(p.label);
          expect(stored.reduce((s, x, j) => s + x * expected[i]![j]!, 0), p.id).toBeCloseTo(1, 5);
        });
      } finally {
        index.close();
      }
    } finally {
      await embedder.dispose();
    }
  }, 120_000);

  it("keeps nothing from a checkpoint of another generation: the fill then embeds everything", async () => {
    const { embedder, texts } = await countingEmbedder(ws.config.embedding);
    try {
      (await buildIndex(buildOptionsFor(ws, embedder))).index.close();
      (await buildIndex(buildOptionsFor(ws, keywordOnlyEmbedder))).index.close();
      // Built again from nothing (another chunking): no passage, so no vector, is carried over.
      const rebuilt = await buildIndex({ ...buildOptionsFor(ws, keywordOnlyEmbedder), corpus: { ...ws.config.corpus, chunk: { ...ws.config.corpus.chunk, targetWords: ws.config.corpus.chunk.targetWords + 20 } } });
      rebuilt.index.close();
      expect(rebuilt.summary.kind).toBe("full");
      expect(rebuilt.summary.vectorsKept).toBeUndefined();
      texts.length = 0;
      const { summary } = await fillVectors({ index: ws.config.index, embedding: ws.config.embedding, embedder });
      expect(summary).toMatchObject({ passagesEmbedded: rebuilt.summary.passages, resumedPassages: 0 });
    } finally {
      await embedder.dispose();
    }
  }, 120_000);
});
