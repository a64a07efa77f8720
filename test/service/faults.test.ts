/**
 * Fault injection: every file of the index in force (graph, keyword segment, passages, manifest,
 * and the CURRENT pointer) damaged in six ways. Opening the service must never crash nor answer
 * from damaged data: each case ends served from an intact older generation or rebuilt, and says
 * which in one log line and in the status. One index is built (two generations, the second a
 * delta over the first, as a small reindex writes it) and copied, hard links kept, per case.
 */
import { execFileSync } from "node:child_process";
import { open, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { currentGeneration } from "../../src/index/mod.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { memoryLogger } from "../e2e/harness.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { buildOptionsFor, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";

/** Damage done to a file in place (so hard links share it, as they would on disk). */
const DAMAGES: Record<string, (file: string) => Promise<void>> = {
  truncate: async (file) => truncate(file, Math.floor((await size(file)) / 2)),
  empty: (file) => truncate(file, 0),
  delete: (file) => unlink(file),
  "flip header": (file) => xorAt(file, 0, 16),
  "flip middle": async (file) => xorAt(file, Math.floor((await size(file)) / 2), 16),
  "zero 64 bytes": async (file) => overwrite(file, Math.floor((await size(file)) / 3), Buffer.alloc(64)),
};
/** The files, by what they hold: in the generation in force, or the pointer beside the generations. */
const FILES: Record<string, string> = {
  vectors: "vectors.hnsw",
  keyword: "lexical.bin",
  passages: "passages.bin",
  manifest: "manifest.json",
  CURRENT: "../CURRENT",
  "delta vectors": "delta-vectors.bin",
  "delta keyword": "delta-lexical.bin",
};

const size = async (file: string) => (await readFile(file)).length;
async function overwrite(file: string, at: number, bytes: Buffer): Promise<void> {
  const length = Math.max(0, Math.min(bytes.length, (await size(file)) - at));
  const handle = await open(file, "r+");
  try {
    await handle.write(bytes, 0, length, at);
  } finally {
    await handle.close();
  }
}
async function xorAt(file: string, at: number, length: number): Promise<void> {
  const bytes = (await readFile(file)).subarray(at, at + length);
  await overwrite(file, at, Buffer.from(bytes.map((b) => b ^ 0xff)));
}

let ws: Workspace;
let embedder: Embedder;
let pristine: string;
/** Passage texts and reports of the intact index, by passage id. */
const truth = new Map<string, { text: string; file: string }>();
const ADDED = "009_added.txt";
/** What each case did, printed for the measurements record. */
const outcomes: string[] = [];

beforeAll(async () => {
  ws = await createWorkspace();
  embedder = await loadEmbedder(ws.config.embedding);
  await buildIndex(buildOptionsFor(ws, embedder));
  await writeFile(path.join(ws.seedsDir, ADDED), "Báo cáo về trạm bơm Kênh Tím\n\nTrạm bơm Kênh Tím đã được nghiệm thu ngày 1/2/2024 và đưa vào vận hành.\n");
  const { index, summary } = await buildIndex(buildOptionsFor(ws, embedder));
  expect(summary.written).toBe("delta");
  for (let label = 0; label < index.manifest.counts.labels + 50; label++) {
    const p = index.passageAt(label);
    if (p !== undefined) truth.set(p.id, { text: p.text, file: index.documents.get(p.docId)!.file });
  }
  for (const p of index.delta?.passages === undefined ? [] : [index.passageById(`${[...index.documents.values()].find((d) => d.file === ADDED)!.id}:0`)]) {
    if (p !== undefined) truth.set(p.id, { text: p.text, file: ADDED });
  }
  index.close();
  pristine = path.join(ws.dir, "pristine");
  execFileSync("cp", ["-a", ws.config.index.dir, pristine]);
}, 120_000);

afterAll(async () => {
  if (process.env.HOIDAP_PRINT_FAULTS !== undefined) console.log(outcomes.join("\n"));
  await embedder?.dispose();
  await ws?.remove();
});

/** Restores the intact index (hard links kept, as a build leaves them), then damages one file of it. */
async function damaged(file: string, damage: string): Promise<void> {
  await rm(ws.config.index.dir, { recursive: true, force: true });
  execFileSync("cp", ["-a", pristine, ws.config.index.dir]);
  const generation = (await currentGeneration(ws.config.index.dir))!;
  await DAMAGES[damage]!(path.join(generation, file));
}

/** Asks every seed question: each passage shown is one of the intact index, with its own text and report. */
async function expectIntactAnswers(service: QaService): Promise<void> {
  for (const q of SEED_QUESTIONS) {
    const { result } = await service.ask(q.question);
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits[0]!.document.file).toBe(q.doc);
    for (const hit of result.hits) {
      const known = truth.get(hit.passage.id);
      expect(known, hit.passage.id).toBeDefined();
      expect(hit.passage.text).toBe(known!.text);
      expect(hit.document.file).toBe(known!.file);
    }
  }
}

describe.each(Object.entries(FILES))("%s file", (_what, file) => {
  it.each(Object.keys(DAMAGES))("%s: served from an intact generation or rebuilt, said once, never answered from damage", async (damage) => {
    await damaged(file, damage);
    const log = memoryLogger();
    // The background update after a fallback is left out here (one test below follows it through).
    const service = await openQaService(ws.config, { logger: log.logger, embedder, updateAfterFallback: false });
    try {
      const warnings = log.lines.filter((l) => /"level":(40|50)/.test(l));
      expect(warnings, warnings.join("\n")).toHaveLength(1);
      expect(warnings[0]).toMatch(/index damaged; serving the previous generation|index unusable; rebuilding/);
      const recovery = service.status().recovery;
      expect(recovery?.action).toBe(warnings[0]!.includes("previous generation") ? "previous" : "rebuilt");
      await expectIntactAnswers(service);
      outcomes.push(`${file} | ${damage} | ${recovery?.action}`);
    } finally {
      await service.close();
    }
  });
});

it("after serving the previous generation, brings it up to date in the background and removes the damaged one", async () => {
  await damaged(FILES.manifest!, "flip middle");
  const damagedDir = (await currentGeneration(ws.config.index.dir))!;
  const log = memoryLogger();
  const service = await openQaService(ws.config, { logger: log.logger, embedder });
  try {
    expect(service.status().recovery?.action).toBe("previous");
    expect(service.sources().map((d) => d.file)).not.toContain(ADDED);
    await service.reindex(); // joins the update under way
    expect(service.sources().map((d) => d.file)).toContain(ADDED);
    expect(await currentGeneration(ws.config.index.dir)).not.toBe(damagedDir);
    expect(execFileSync("ls", [ws.config.index.dir]).toString()).not.toContain(path.basename(damagedDir));
  } finally {
    await service.close();
  }
}, 60_000);

it("answers a question with zero-width characters between syllables as the same question typed plainly", async () => {
  await rm(ws.config.index.dir, { recursive: true, force: true });
  execFileSync("cp", ["-a", pristine, ws.config.index.dir]);
  // What the model is given: the test model's tokenizer drops zero-width characters by itself, the
  // real model's (SentencePiece) reads them as tokens, so the question must reach it without them.
  const queries: string[] = [];
  const recording: Embedder = { ...embedder, embedQuery: (text) => (queries.push(text), embedder.embedQuery(text)), dispose: async () => {} };
  const service = await openQaService(ws.config, { logger: memoryLogger().logger, embedder: recording });
  try {
    for (const q of SEED_QUESTIONS) {
      const plain = await service.search(q.question);
      const hidden = await service.search(q.question.replaceAll(" ", "\u200B \u200C").replace(/(\p{L})(\p{L})/u, "$1\u00AD$2"));
      expect(hidden.hits.map((h) => h.passage.id)).toEqual(plain.hits.map((h) => h.passage.id));
      expect(hidden.found).toBe(plain.found);
    }
    expect(queries.length).toBe(2 * SEED_QUESTIONS.length);
    for (const text of queries) expect(text).not.toMatch(/[\u00AD\u200B-\u200D]/);
  } finally {
    await service.close();
  }
});

it("starts with a missing reports folder by saying so in one line and serving the existing index", async () => {
  await rm(ws.config.index.dir, { recursive: true, force: true });
  execFileSync("cp", ["-a", pristine, ws.config.index.dir]);
  const log = memoryLogger();
  const service = await openQaService(ws.withEnv({ SEEDS_DIR: path.join(ws.dir, "no-such-folder") }), { logger: log.logger, embedder });
  try {
    const warnings = log.lines.filter((l) => /"level":(40|50)/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("the reports folder (SEEDS_DIR) does not exist; serving the existing index");
    await expectIntactAnswers(service);
  } finally {
    await service.close();
  }
});
