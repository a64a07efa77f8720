import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport, reportRows, runBench, type BenchReport } from "../../../tools/bench/mod.ts";
import { jsonlDocuments, makeQueries, prepareCorpus, seedVariations, type BenchDocument } from "../../../tools/bench/corpus.ts";
import { getTestModelDir } from "../../helpers/test-model.ts";
import { SEEDS_DIR, createWorkspace, type Workspace } from "../../helpers/workspace.ts";

async function collect(docs: AsyncIterable<BenchDocument>): Promise<BenchDocument[]> {
  const out: BenchDocument[] = [];
  for await (const d of docs) out.push(d);
  return out;
}

describe("bench corpus", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-bench-corpus-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("reads gzipped JSONL, counting lines that are not documents instead of failing", async () => {
    const lines = [
      JSON.stringify({ id: "a", title: "Hội nghị sơ kết", text: "Công an tỉnh tổ chức hội nghị." }),
      "{not json",
      JSON.stringify({ id: "b", title: "Không có nội dung", text: "" }),
      JSON.stringify({ id: 7, title: "Tiếng kẻng an ninh", text: "Mô hình được duy trì ở xã." }),
    ];
    const file = path.join(scratch, "docs.jsonl.gz");
    await writeFile(file, gzipSync(lines.join("\n")));
    const source = jsonlDocuments(file);
    const docs = await collect(source.documents);
    expect(docs.map((d) => d.id)).toEqual(["a", "7"]);
    expect(source.badLines()).toBe(2);
  });

  it("falls back to variations of the seed reports that differ from one another", async () => {
    const docs = await collect(seedVariations(SEEDS_DIR, 3).documents);
    expect(docs).toHaveLength(15);
    expect(new Set(docs.map((d) => d.id)).size).toBe(15);
    expect(new Set(docs.map((d) => d.text)).size).toBe(15);
  });

  it("indexes documents up to the passage count, holds later ones out, and asks questions that are no indexed passage", async () => {
    const corpus = await prepareCorpus(seedVariations(SEEDS_DIR, 6), { passages: 60, heldOut: 5, chunk: { targetWords: 160, maxWords: 220, overlapSentences: 1 } });
    expect(corpus.passages.length).toBeGreaterThanOrEqual(60);
    expect(corpus.passages.length - corpus.passages.filter((p) => p.docId === corpus.reports.at(-1)!.id).length).toBeLessThan(60);
    expect(corpus.heldOut).toHaveLength(5);
    const indexed = new Set(corpus.documents.map((d) => d.id));
    expect(corpus.heldOut.some((d) => indexed.has(d.id))).toBe(false);

    const queries = makeQueries(corpus.heldOut, 12);
    expect(queries).toHaveLength(12);
    expect(queries).toContain(corpus.heldOut[0]!.title);
    const passages = new Set(corpus.passages.map((p) => p.text));
    expect(queries.some((q) => passages.has(q))).toBe(false);
    // Some questions are typed without diacritics, as staff often do.
    expect(queries.filter((q) => !/[\u0300-\u036fđĐàáảãạâầấẩẫậăằắẳẵặèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu.test(q.normalize("NFC"))).length).toBeGreaterThan(0);
  });
});

describe("npm run bench on a tiny corpus", () => {
  let workspace: Workspace;
  let report: BenchReport;
  const progress: string[] = [];
  beforeAll(async () => {
    workspace = await createWorkspace();
    report = await runBench({
      passages: 120,
      queries: 40,
      model: await getTestModelDir(),
      quantized: true,
      costSample: 8,
      costQueries: 8,
      dimensions: 32,
      reindexDocuments: 2,
      sweep: { m: [8], efConstruction: [40], efSearch: [10, 40] },
      keep: false,
      config: workspace.config,
      log: (line) => progress.push(line),
    });
  }, 120_000);
  afterAll(async () => {
    await workspace?.remove();
  });

  it("prints every figure of the issue, each with a value", () => {
    const table = renderReport(report);
    for (const figure of [
      "cleaning + chunking",
      "passage throughput",
      "question latency",
      "answer candidates weighed by meaning",
      "whole corpus, extrapolated",
      "build time",
      "recall@10 vs exact",
      "search latency (top 10)",
      "exact search latency",
      "speed-up over exact",
      "lexical",
      "query latency",
      "excluding question embedding",
      "including question embedding",
      "size on disk",
      "load time (fresh process)",
      "resident memory after load",
      "resident memory with the model loaded",
      "one changed document",
      "previous index read from disk",
      "that document's embedding",
      "question p95 during a reindex",
      "M 8 · efC 40 · ef 10",
    ]) {
      expect(table).toContain(figure);
    }
    for (const [section, figure, value] of reportRows(report)) {
      expect(value, `${section}: ${figure}`).not.toMatch(/NaN|undefined|Infinity|–/);
    }
    expect(report.targets.map((t) => t.name)).toHaveLength(6);
    expect(table).toContain("| target | wanted | measured | met |");
    // Search latency depends on which hnswlib-node build is installed, so the report says which.
    expect(table.split("\n")[0]).toMatch(/ · hnswlib-node: (portable|x86-64-v3|x86-64-v4|native) build$/);
  });

  it("measures what it says: passages indexed, questions asked, one document re-embedded, questions answered during the reindex", () => {
    expect(report.corpus.passages).toBeGreaterThanOrEqual(120);
    expect(report.corpus.queries).toBe(40);
    expect(report.hnsw.latency.samples).toBe(40);
    expect(report.hnsw.recallAt10).toBeGreaterThan(0.5);
    expect(report.hnsw.recallAt10).toBeLessThanOrEqual(1);
    expect(report.incremental.passagesReembedded).toBeGreaterThan(0);
    expect(report.incremental.passagesReembedded).toBeLessThan(report.corpus.passages / 3);
    expect(report.responsiveness.reindexPassages).toBeGreaterThan(0);
    expect(report.responsiveness.duringReindex.samples).toBeGreaterThan(0);
    expect(report.index.files).toHaveProperty("vectors.hnsw");
    expect(report.index.load.passages).toBe(report.corpus.passages);
    expect(report.models.cost.label).toContain("model_quantized.onnx");
    expect(progress.some((l) => l.startsWith("hnsw:"))).toBe(true);
  });

  it("gives every figure in the JSON report as a finite number", () => {
    const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    const get = (p: string) => p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], json);
    for (const p of [
      "chunking.documentsPerSecond",
      "chunking.passagesPerSecond",
      "embedding.passagesPerSecond",
      "embedding.tokensPerPassage",
      "embedding.fullCorpusEstimateSeconds",
      "embedding.query.p50",
      "embedding.query.p95",
      "embedding.answerCandidates.p95",
      "indexEmbedding.passagesPerSecond",
      "hnsw.buildMs",
      "hnsw.recallAt10",
      "hnsw.latency.p50",
      "hnsw.latency.p95",
      "hnsw.latency.p99",
      "hnsw.exactLatency.p95",
      "hnsw.speedUp",
      "lexical.buildMs",
      "lexical.latency.p50",
      "lexical.latency.p95",
      "lexical.latency.p99",
      "hybrid.excludingEmbedding.p95",
      "hybrid.excludingEmbedding.p99",
      "hybrid.includingEmbedding.p95",
      "index.totalBytes",
      "index.load.loadMs",
      "index.load.rssAfterGcMb",
      "index.load.model.rssMb",
      "index.load.model.rssAfterQuestionsMb",
      "incremental.ms",
      "incremental.fromDiskMs",
      "incremental.passagesReembedded",
      "incremental.documentEmbeddingMs",
      "responsiveness.idle.p95",
      "responsiveness.duringReindex.p95",
      "responsiveness.ratio",
      "responsiveness.longestPauseMs",
    ]) {
      expect(Number.isFinite(get(p)), p).toBe(true);
    }
    expect(json.sweep).toHaveLength(2 + 5); // the grid, and the other search widths on the configured graph (efSearch 600 is the default)
  });
});
