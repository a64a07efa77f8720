import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keywordOnlyEmbedder } from "../../src/embed/mod.ts";
import { loadIndex } from "../../src/index/mod.ts";
import type { BuildProgress } from "../../src/index/mod.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import { checkpointDir, fillVectors } from "../../src/ingest/fill-vectors.ts";
import { prepareSearch, searchPassages } from "../../src/search/mod.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { getTestModelDir, testEmbeddingConfig } from "../helpers/test-model.ts";
import { REPO_ROOT, buildOptionsFor, createWorkspace, type Workspace } from "../helpers/workspace.ts";
import { countingEmbedder } from "../helpers/counting-embedder.ts";


let ws: Workspace;
beforeEach(async () => {
  ws = await createWorkspace();
});
afterEach(async () => ws?.remove());

/** Builds the workspace's keyword-only index and returns its passage count. */
async function keywordIndex(): Promise<number> {
  const { index, summary } = await buildIndex(buildOptionsFor(ws, keywordOnlyEmbedder));
  expect(index.manifest.model.id).toBe("none");
  index.close();
  return summary.passages;
}

describe("adding vectors to a keyword-only index", () => {
  it("embeds every stored passage without reading the reports again, and the index then answers by vectors too", async () => {
    const passages = await keywordIndex();
    // The reports are gone: whatever is embedded comes from the index, not from re-reading them.
    await rename(ws.seedsDir, `${ws.seedsDir}.away`);
    const { embedder, texts } = await countingEmbedder(testEmbeddingConfig(await getTestModelDir()));
    try {
      const progress: BuildProgress[] = [];
      const { summary } = await fillVectors({ index: ws.config.index, embedding: ws.config.embedding, embedder, batch: 8, onProgress: (p) => progress.push(p) });
      expect(texts).toHaveLength(passages);
      // Progress after every checkpoint, with an estimate of the time left once a batch is done.
      const embedding = progress.filter((p) => p.phase === "embed");
      expect(embedding.map((p) => p.passagesDone)).toEqual([0, ...Array.from({ length: Math.ceil(passages / 8) }, (_, i) => Math.min(passages, (i + 1) * 8))]);
      expect(embedding.slice(1, -1).every((p) => p.remainingMs !== undefined && p.remainingMs >= 0)).toBe(true);
      expect(progress.at(-1)?.phase).toBe("done");
      expect(summary).toMatchObject({ passagesEmbedded: passages, resumedPassages: 0, added: [], changed: [], removed: [] });
      expect(existsSync(checkpointDir(ws.config.index.dir))).toBe(false);

      const index = await loadIndex(ws.config.index.dir);
      try {
        expect(index.manifest.model.id).toBe(embedder.modelId);
        expect(index.manifest.counts.passages).toBe(passages);
        const seed = SEED_QUESTIONS[0]!;
        const result = await searchPassages({ ...prepareSearch(embedder, { ...ws.config.search, mode: "dense" }), index }, seed.question);
        expect(result.hits[0]?.document.file).toBe(seed.doc);
      } finally {
        index.close();
      }
    } finally {
      await embedder.dispose();
    }
  });

  it("after a kill -9 half-way, resumes from the checkpoint: re-embeds at most the batch in flight, and the vectors are those of an uninterrupted run", async () => {
    const passages = await keywordIndex();
    const batch = 4;
    // node itself with tsx's loader (not the tsx command, which would run it in a grandchild the kill misses).
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const child = spawn(process.execPath, ["--import", tsx, path.join(REPO_ROOT, "test/ingest/fill-child.ts"), ws.config.index.dir, await getTestModelDir(), String(batch)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    // Killed once a third of the passages are on disk.
    const reported = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const done = [...out.matchAll(/checkpoint (\d+)/g)].map((m) => Number(m[1]));
        const last = done.at(-1) ?? 0;
        if (last >= passages / 3) {
          child.kill("SIGKILL");
          resolve(last);
        }
      });
      child.on("exit", () => reject(new Error(`the fill ended before it was killed: ${out}`)));
    });
    await new Promise((r) => child.once("exit", r));
    expect(reported).toBeLessThan(passages);

    const { embedder, texts } = await countingEmbedder(testEmbeddingConfig(await getTestModelDir()));
    try {
      const { summary } = await fillVectors({ index: ws.config.index, embedding: ws.config.embedding, embedder, batch });
      // What was on disk when it died is kept: at least all it had reported, at most one batch more.
      expect(summary.resumedPassages).toBeGreaterThanOrEqual(reported);
      expect(summary.resumedPassages).toBeLessThanOrEqual(reported + batch);
      expect(texts).toHaveLength(passages - summary.resumedPassages!);

      // Every vector in the graph is the passage's own, resumed or not (a torn write would show here).
      const index = await loadIndex(ws.config.index.dir);
      try {
        for (let label = 0; label < passages; label++) {
          const passage = index.passageAt(label)!;
          const title = index.documents.get(passage.docId)!.title;
          const [expected] = await embedder.embedPassages([`${title}\n${passage.text}`]);
          const stored = index.vectors.getPoint(label);
          expect(stored.reduce((s, x, i) => s + x * expected![i]!, 0)).toBeCloseTo(1, 4);
        }
      } finally {
        index.close();
      }
    } finally {
      await embedder.dispose();
    }
  }, 120_000);
});
