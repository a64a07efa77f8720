/**
 * The bench report as a Markdown table (what `npm run bench` prints, and what docs/benchmark.md
 * quotes), every figure with the model it was measured with.
 */
import type { Latency } from "./stats.ts";
import type { BenchReport } from "./types.ts";

const ms = (v: number) => (Number.isNaN(v) ? "–" : v < 1 ? `${v.toFixed(3)} ms` : v < 10 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${v.toFixed(0)} ms`);
const s = (v: number) => `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
const n = (v: number, digits = 0) => v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const lat = (l: Latency, withP99 = true) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)}${withP99 ? ` · p99 ${ms(l.p99)}` : ""} (n=${l.samples})`;

/** One table row: section, figure, value, the model it was measured with ("" = none). */
type Row = [string, string, string, string];

/** Every row of the report, in the order of the issue's list. */
export function reportRows(r: BenchReport): Row[] {
  const cost = r.models.cost.label;
  const fast = r.models.index.label;
  const rows: Row[] = [
    ["corpus", "documents / passages / questions", `${n(r.corpus.documents)} / ${n(r.corpus.passages)} / ${n(r.corpus.queries)} (from ${n(r.corpus.heldOutDocuments)} held-out documents)`, ""],
    ["cleaning + chunking", "throughput", `${n(r.chunking.documentsPerSecond)} documents/s · ${n(r.chunking.passagesPerSecond)} passages/s (${s(r.chunking.ms)} wall, ${s(r.chunking.cpuMs)} CPU)`, ""],
    ["embedding", "passage throughput", `${n(r.embedding.passagesPerSecond, 1)} passages/s (${n(r.embedding.samplePassages)}-passage sample, ${n(r.embedding.tokensPerPassage)} tokens/passage, ${r.embedding.coresUsed.toFixed(2)} cores busy)`, cost],
    ["embedding", "whole corpus, extrapolated", `${(r.embedding.fullCorpusEstimateSeconds / 60).toFixed(1)} min for ${n(r.corpus.passages)} passages`, cost],
    ["embedding", "question latency", lat(r.embedding.query, false), cost],
    ["embedding", "answer candidates weighed by meaning (8 sentences)", lat(r.embedding.answerCandidates, false), cost],
  ];
  rows.push(
    ["index vectors", "passage throughput", `${n(r.indexEmbedding.passagesPerSecond)} passages/s (${s(r.indexEmbedding.ms)})`, fast],
    ["HNSW", "parameters", `M ${r.hnsw.m} · efConstruction ${r.hnsw.efConstruction} · efSearch ${r.hnsw.efSearch}`, fast],
    ["HNSW", "build time", s(r.hnsw.buildMs), fast],
    ["HNSW", "recall@10 vs exact", `${r.hnsw.recallAt10.toFixed(4)} (${n(r.hnsw.queries)} questions)`, fast],
    ["HNSW", "search latency (top 10)", lat(r.hnsw.latency), fast],
    ["HNSW", "exact search latency (top 10)", lat(r.hnsw.exactLatency), fast],
    ["HNSW", "speed-up over exact (mean)", `${r.hnsw.speedUp.toFixed(1)}×`, fast],
  );
  for (const f of r.sweep ?? []) {
    rows.push(["HNSW sweep", `M ${f.m} · efC ${f.efConstruction} · ef ${f.efSearch}`, `recall ${f.recallAt10.toFixed(4)} · ${lat(f.latency)} · build ${s(f.buildMs)} · ${f.speedUp.toFixed(0)}×`, fast]);
  }
  const load = r.index.load;
  rows.push(
    ["lexical", "build time", s(r.lexical.buildMs), ""],
    ["lexical", "query latency", lat(r.lexical.latency), ""],
    ["hybrid search", "excluding question embedding", lat(r.hybrid.excludingEmbedding), fast],
    ["hybrid search", "including question embedding", lat(r.hybrid.includingEmbedding), `${r.hybrid.embeddingModel} + ${fast} vectors`],
    ["index", "full build (vectors precomputed)", `${s(r.index.fullBuildMs)} (${Object.entries(r.index.phasesMs).map(([k, v]) => `${k} ${s(v)}`).join(", ")})`, fast],
    ["index", "size on disk", `${mb(r.index.totalBytes)} (${Object.entries(r.index.files).map(([k, v]) => `${k} ${mb(v)}`).join(", ")})`, fast],
    ["index", "load time (fresh process)", s(load.loadMs), fast],
    ["index", "resident memory after load", `${n(load.rssAfterGcMb)} MB (${n(load.rssAfterLoadMb)} MB before GC; ${n(load.baselineRssMb)} MB before loading)`, fast],
  );
  if (load.model) rows.push(["index", "resident memory with the model loaded", `${n(load.model.rssMb)} MB (model loaded in ${s(load.model.loadMs)}); ${n(load.model.rssAfterQuestionsMb)} MB after 30 more questions`, cost]);
  rows.push(
    ["incremental reindex", "one changed document, index in memory", `${s(r.incremental.ms)} · ${r.incremental.passagesReembedded} passages re-embedded, ${r.incremental.written} written (${Object.entries(r.incremental.phasesMs).map(([k, v]) => `${k} ${s(v)}`).join(", ")})`, fast],
    ["incremental reindex", "same, previous index read from disk", s(r.incremental.fromDiskMs), fast],
    ["incremental reindex", "that document's embedding", s(r.incremental.documentEmbeddingMs), cost],
    [
      "responsiveness",
      "question p95 during a reindex (in the service's child process)",
      `${ms(r.responsiveness.duringReindex.p95)} vs ${ms(r.responsiveness.idle.p95)} idle = ${r.responsiveness.ratio.toFixed(2)}× (n=${r.responsiveness.duringReindex.samples}; reindex ${s(r.responsiveness.reindexMs)}, ${r.responsiveness.reindexPassages} passages; longest event-loop pause ${ms(r.responsiveness.longestPauseMs)})`,
      `${cost} cost + ${fast} vectors`,
    ],
  );
  return rows;
}

const escape = (cell: string) => cell.replace(/\|/g, "\\|");

/** The report as Markdown: machine line, figures table, targets table. */
export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `hoidap bench — ${r.startedAt} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGb.toFixed(0)} GB · Node ${m.node} · load average ${m.loadAverageBefore[0]!.toFixed(1)} before, ${m.loadAverageAfter[0]!.toFixed(1)} after · ${m.vectorSearchBuild}`,
    `corpus: ${r.corpus.source}`,
    `cost model: ${r.models.cost.label} — ${r.models.cost.dir}`,
    `index model: ${r.models.index.label}, ${n(r.models.index.vocabularySize)} tokens — vectors of the real dimension, fast enough for the whole corpus`,
    "",
    "| section | figure | value | model |",
    "|---|---|---|---|",
    ...reportRows(r).map((row) => `| ${row.map(escape).join(" | ")} |`),
    "",
    "| target | wanted | measured | met |",
    "|---|---|---|---|",
    ...r.targets.map((t) => `| ${escape(t.name)} | ${escape(t.target)} | ${escape(t.value)} | ${t.met ? "yes" : "**no**"} |`),
  ];
  return lines.join("\n");
}
