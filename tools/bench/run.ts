/**
 * The bench, step by step. Each step logs what it is doing (stderr) and adds its figures to the
 * report; see models.ts for which model each figure is measured with, and why.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../src/config.ts";
import { chunkReport, readReport } from "../../src/corpus/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { parseQuery } from "../../src/keyword/mod.ts";
import { prepareSearch, searchPassages } from "../../src/search/mod.ts";
import { changeDocument, generationFiles, probeLoad, timedBuild, writeDocuments } from "./index-build.ts";
import { jsonlDocuments, makeQueries, prepareCorpus, seedVariations } from "./corpus.ts";
import { measureCost } from "./cost.ts";
import { buildGraph, exactNeighbours, searchFigures, sweepHnsw } from "./hnsw.ts";
import type { HnswFigures } from "./hnsw.ts";
import { costedEmbedder, indexModelDir, memoEmbedder, standInModelDir } from "./models.ts";
import { evaluateTargets } from "./targets.ts";
import { measureResponsiveness } from "./responsiveness.ts";
import type { ReindexEmbedderOptions } from "./reindex-embedder.ts";
import { latencies, shuffled, latencySummary, timed } from "./stats.ts";
import type { BenchOptions, BenchReport, ModelUsed } from "./types.ts";
import { describeVectorSearchBuild } from "../native/mod.ts";

/** Search widths tried on the configured graph besides the configured one. */
const EF_LADDER = [100, 200, 400, 600, 800, 1000];

/** Documents whose text makes up the index model's vocabulary (more would only slow generation down). */
const VOCABULARY_DOCUMENTS = 4000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs every measurement and returns the report. The working directory is removed unless `keep`. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log;
  const startedAt = new Date();
  const loadAverageBefore = os.loadavg();
  const work = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "hoidap-bench-")));
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // --- corpus: cleaning and chunking ----------------------------------------------------
    const base = options.config;
    const source = options.corpus !== undefined ? jsonlDocuments(options.corpus) : seedVariations(base.corpus.seedsDir);
    log(`corpus: reading ${source.name} until ${options.passages} passages`);
    const corpus = await prepareCorpus(source, { passages: options.passages, heldOut: Math.ceil(options.queries / 2), chunk: base.corpus.chunk });
    const queries = makeQueries(corpus.heldOut, options.queries);
    log(`corpus: ${corpus.documents.length} documents, ${corpus.passages.length} passages in ${seconds(corpus.cleaning.ms)}; ${queries.length} questions from ${corpus.heldOut.length} held-out documents`);
    if (corpus.passages.length === 0) throw new Error(`no passages could be made from ${source.name}`);

    // --- models ------------------------------------------------------------------------------
    const vocabularyText = [...corpus.documents.slice(0, VOCABULARY_DOCUMENTS), ...corpus.heldOut].map((d) => `${d.title}\n${d.text}`).join("\n");
    log(`models: generating the index model (lookup, ${options.dimensions} dimensions)`);
    const indexModel = await indexModelDir(path.join(work, "models"), vocabularyText, options.dimensions);
    let costDir = options.model;
    let standInGeneratedMs: number | undefined;
    if (costDir === undefined) {
      log("models: the multilingual-e5-small stand-in (generated once into the temp directory, ~590 MB)");
      const standIn = await standInModelDir(base.corpus.seedsDir);
      costDir = standIn.dir;
      if (standIn.generated) standInGeneratedMs = standIn.ms;
    }
    const costLabel = options.model === undefined ? `e5-small stand-in (${options.quantized ? "int8" : "fp32"})` : `${path.basename(costDir)} (${options.quantized ? "model_quantized.onnx" : "model.onnx"})`;
    const costConfig = { ...base.embedding, model: path.resolve(costDir), quantized: options.quantized, offline: true, cacheDir: path.join(work, "cache") };
    const indexConfig = { ...base.embedding, model: indexModel.dir, offline: true, cacheDir: path.join(work, "cache") };
    const costEmbedder = await loadEmbedder(costConfig);
    cleanups.push(() => costEmbedder.dispose());
    const fast = memoEmbedder(await loadEmbedder(indexConfig));
    cleanups.push(() => fast.dispose());
    const costModel: ModelUsed = { label: costLabel, dir: costConfig.model, dimensions: costEmbedder.dimensions };
    const indexLabel = `lookup test model (${fast.dimensions} dims)`;

    // --- embedding cost (cost model, sample) ---------------------------------------------------
    const sample = shuffled(corpus.passages, 7).slice(0, options.costSample).map((p) => p.embedText);
    const costQueries = queries.slice(0, options.costQueries);
    log(`embedding: ${sample.length} passages and ${costQueries.length} questions with ${costLabel}`);
    const cost = await measureCost(costEmbedder, costConfig.model, costConfig.model, sample, costQueries);
    log(`embedding: ${cost.passagesPerSecond.toFixed(1)} passages/s, ${cost.tokensPerPassage.toFixed(0)} tokens/passage, question p95 ${cost.query.p95.toFixed(1)} ms`);

    // --- index-model vectors for everything ------------------------------------------------------
    const texts = corpus.passages.map((p) => p.embedText);
    log(`vectors: embedding ${texts.length} passages with the ${indexLabel}`);
    const indexEmbedding = await timed(() => fast.embedPassages(texts, (done, total) => done % 20_000 < 16 && log(`  ${done}/${total}`)));
    const vectors = indexEmbedding.value;
    const queryVectors: Float32Array[] = [];
    for (const q of queries) queryVectors.push(await fast.embedQuery(q));

    // --- HNSW vs exact -------------------------------------------------------------------------
    log(`hnsw: exact top-10 for ${queries.length} questions over ${vectors.length} vectors`);
    const exact = await exactNeighbours(vectors, queryVectors);
    const hnswParams = { m: base.index.hnsw.m, efConstruction: base.index.hnsw.efConstruction, efSearch: base.search.efSearch };
    log(`hnsw: building with M=${hnswParams.m}, efConstruction=${hnswParams.efConstruction}`);
    const graph = await buildGraph(vectors, hnswParams);
    const hnsw = { ...hnswParams, buildMs: graph.ms, ...(await searchFigures(graph.graph, vectors.length, queryVectors, exact, hnswParams.efSearch)) };
    log(`hnsw: recall@10 ${hnsw.recallAt10.toFixed(4)}, p95 ${hnsw.latency.p95.toFixed(2)} ms, built in ${seconds(hnsw.buildMs)}`);
    const logSweep = (f: HnswFigures) =>
      log(`  sweep M=${f.m} efC=${f.efConstruction} ef=${f.efSearch}: recall ${f.recallAt10.toFixed(4)} p95 ${f.latency.p95.toFixed(2)} ms build ${seconds(f.buildMs)}`);
    // Other search widths on the same graph cost no rebuild, so they are always measured.
    const ladder: HnswFigures[] = [];
    for (const efSearch of EF_LADDER.filter((ef) => ef !== hnswParams.efSearch)) {
      const f = { ...hnswParams, efSearch, buildMs: graph.ms, ...(await searchFigures(graph.graph, vectors.length, queryVectors, exact, efSearch)) };
      ladder.push(f);
      logSweep(f);
    }
    const sweep = [...ladder, ...(options.sweep === undefined ? [] : await sweepHnsw(vectors, queryVectors, exact, options.sweep, logSweep))];

    // --- the index as hoidap builds it -----------------------------------------------------------
    const seedsDir = path.join(work, "seeds");
    log(`index: writing ${corpus.documents.length} report files`);
    await writeDocuments(seedsDir, corpus.documents);
    const config: Config = {
      ...base,
      corpus: { ...base.corpus, seedsDir },
      embedding: indexConfig,
      index: { ...base.index, dir: path.join(work, "index") },
    };
    fast.remember(texts, vectors);
    log("index: full build (vectors already computed)");
    const full = await timedBuild(config, fast);
    const files = await generationFiles(full.index);
    log(`index: built in ${seconds(full.ms)} (${Object.entries(full.phasesMs).map(([k, v]) => `${k} ${seconds(v)}`).join(", ")})`);
    // Lexical: built in the full build's "index" phase (nothing else happens there in a full build).
    const { glossary } = prepareSearch(fast, base.search);
    const lexicalBuildMs = full.phasesMs.index ?? Number.NaN;
    const lexicalLatency = latencySummary(await latencies(queries, (q) => full.index.searchKeywords(parseQuery(q, glossary), base.search.candidates, { commonShare: base.search.lexicalCommonShare })));
    log(`lexical: built in ${seconds(lexicalBuildMs)}, p95 ${lexicalLatency.p95.toFixed(2)} ms`);

    log("index: loading in a fresh process");
    const load = await probeLoad(config.index.dir, costConfig.model);
    log(`index: loaded in ${seconds(load.loadMs)}, RSS ${load.rssAfterGcMb.toFixed(0)} MB, with the cost model ${load.model?.rssMb.toFixed(0)} MB`);

    // --- hybrid search -----------------------------------------------------------------------------
    const context = { ...prepareSearch(fast, base.search), index: full.index };
    const excluding = latencySummary(await latencies(queries, async (q) => searchPassages(context, q)));
    const costed = costedEmbedder(fast, costEmbedder);
    const including = latencySummary(await latencies(queries.slice(0, options.costQueries), (q) => searchPassages({ ...context, embedder: costed }, q)));
    log(`hybrid: p95 ${excluding.p95.toFixed(2)} ms without embedding, ${including.p95.toFixed(2)} ms with`);

    // --- incremental reindex ------------------------------------------------------------------------
    const target = corpus.documents[Math.floor(corpus.documents.length / 2)]!;
    const changed = await changeDocument(seedsDir, target, 1);
    log(`incremental: ${changed} changed; reindexing with the index in memory`);
    const inMemory = await timedBuild(config, fast, full.index);
    const changedReport = readReport(await readFile(path.join(seedsDir, changed)), changed);
    const reembedded = changedReport.ok ? chunkReport(changedReport.report, base.corpus.chunk).map((p) => p.embedText) : [];
    const documentEmbedding = await timed(() => costEmbedder.embedPassages(reembedded));
    await changeDocument(seedsDir, target, 2);
    const fromDisk = await timedBuild(config, fast);
    log(`incremental (${inMemory.summary.written ?? "base"} written): ${seconds(inMemory.ms)} in memory (${Object.entries(inMemory.phasesMs).map(([k, v]) => `${k} ${seconds(v)}`).join(", ")}), ${seconds(fromDisk.ms)} from disk; ${inMemory.summary.passagesEmbedded} passages re-embedded, ${seconds(documentEmbedding.ms)} to embed them with ${costLabel}`);

    // --- responsiveness ----------------------------------------------------------------------------
    // The reindex runs in the service's child process, as in the bot; that process loads the cost
    // model and the index model itself (reindex-embedder.ts) and embeds on its main thread.
    const toChange = shuffled(corpus.documents, 11).slice(0, options.reindexDocuments);
    const reindexEmbedder = {
      module: fileURLToPath(new URL("./reindex-embedder.ts", import.meta.url)),
      options: { cost: costConfig, vectors: indexConfig } satisfies ReindexEmbedderOptions,
    };
    log(`responsiveness: questions while ${toChange.length} changed documents are reindexed (in the service's child process)`);
    const responsiveness = await measureResponsiveness(config, costed, reindexEmbedder, costQueries, async () => {
      for (const [i, doc] of toChange.entries()) await changeDocument(seedsDir, doc, 100 + i);
    });
    const ratio = responsiveness.duringReindex.p95 / responsiveness.idle.p95;
    log(
      `responsiveness: p95 ${responsiveness.idle.p95.toFixed(1)} ms idle, ${responsiveness.duringReindex.p95.toFixed(1)} ms during the reindex (${ratio.toFixed(2)}×); longest event-loop pause ${responsiveness.longestPauseMs.toFixed(0)} ms`,
    );

    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGb: os.totalmem() / 1024 ** 3,
        node: process.version,
        loadAverageBefore,
        loadAverageAfter: os.loadavg(),
        vectorSearchBuild: describeVectorSearchBuild(),
      },
      models: { cost: costModel, index: { label: indexLabel, dir: indexModel.dir, dimensions: fast.dimensions, vocabularySize: indexModel.vocabularySize }, standInGeneratedMs },
      corpus: {
        source: corpus.source,
        documents: corpus.documents.length,
        passages: corpus.passages.length,
        heldOutDocuments: corpus.heldOut.length,
        queries: queries.length,
        skippedDocuments: corpus.skipped,
        badLines: corpus.badLines,
      },
      chunking: {
        documents: corpus.documents.length,
        passages: corpus.passages.length,
        ms: corpus.cleaning.ms,
        cpuMs: corpus.cleaning.cpuMs,
        documentsPerSecond: (corpus.documents.length / corpus.cleaning.ms) * 1000,
        passagesPerSecond: (corpus.passages.length / corpus.cleaning.ms) * 1000,
      },
      embedding: { model: costLabel, passageThread: "main", ...cost, fullCorpusEstimateSeconds: corpus.passages.length / cost.passagesPerSecond },
      indexEmbedding: { model: indexLabel, passages: texts.length, ms: indexEmbedding.ms, passagesPerSecond: (texts.length / indexEmbedding.ms) * 1000 },
      hnsw: { ...hnsw, exactLatency: exact.latency, queries: queries.length },
      sweep,
      lexical: { buildMs: lexicalBuildMs, latency: lexicalLatency },
      hybrid: { excludingEmbedding: excluding, includingEmbedding: including, embeddingModel: costLabel },
      index: { fullBuildMs: full.ms, phasesMs: full.phasesMs, files, totalBytes: Object.values(files).reduce((a, b) => a + b, 0), load },
      incremental: {
        changedDocument: changed,
        passagesReembedded: inMemory.summary.passagesEmbedded,
        written: inMemory.summary.written ?? "base",
        ms: inMemory.ms,
        phasesMs: inMemory.phasesMs,
        fromDiskMs: fromDisk.ms,
        documentEmbeddingMs: documentEmbedding.ms,
      },
      responsiveness: { reindex: "child process", ...responsiveness, ratio },
      targets: [],
    };
    report.targets = evaluateTargets(report);
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (!options.keep && options.workDir === undefined) await rm(work, { recursive: true, force: true });
  }
}
