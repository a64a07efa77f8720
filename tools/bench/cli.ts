/**
 * `npm run bench -- [--corpus FILE.jsonl[.gz]] [--passages N] [--queries Q] [--model DIR] [--json OUT] ...`
 *
 * Measures speed, memory and scale (see docs/benchmark.md) and prints a Markdown table; progress goes
 * to stderr. Without --corpus it runs on variations of the seed reports, so it always runs.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SWEEP } from "./hnsw.ts";
import type { SweepGrid } from "./hnsw.ts";
import { renderReport, runBench } from "./mod.ts";
import { runCommand } from "../../src/cli/run.ts";
import { jsonlDocuments, seedVariations } from "./corpus.ts";
import { renderFirstAnswerReport, runFirstAnswerBench } from "./first-answer.ts";

const USAGE = `usage: npm run bench -- [options]
  --corpus FILE        documents as JSONL (id, title, text), .gz allowed; default: variations of the seed reports
  --passages N         passages to index (default 100000; the fallback corpus has about 1,300)
  --queries Q          questions from held-out documents (default 1000; recall needs ≥ 500)
  --model DIR          model whose embedding cost is measured (default: generated multilingual-e5-small stand-in)
  --fp32               load onnx/model.onnx instead of onnx/model_quantized.onnx (int8 for the stand-in)
  --json OUT           also write the report as JSON
  --cost-sample N      passages embedded with that model to measure throughput (default 256)
  --cost-queries N     questions embedded with it for latency (default 100)
  --dimensions D       dimensions of the fast index model (default 384, the real model's)
  --reindex-docs N     documents changed for the responsiveness run (default 30)
  --sweep [GRID]       also try HNSW parameters, GRID like "m=8,16,32;efc=100,200;ef=20,50,100,200,400"
  --work-dir DIR       keep the working files (index, report files, models) in DIR
  --first-answer       instead: time from start on an empty index to the first answer, background
                       embedding throughput, question latency meanwhile, and a kill -9 half-way
                       (with --corpus; --documents N, default 35000; --kill-documents N, default 300;
                       --window S seconds of questions during the embedding, default 90)`;

const numbers = (v: string) => v.split(",").map((x) => Number(x.trim())).filter((x) => Number.isInteger(x) && x > 0);

/** "m=8,16;efc=100;ef=50,100" → a grid; missing keys keep the default's values. */
function parseGrid(spec: string | boolean | undefined): SweepGrid | undefined {
  if (spec === undefined || spec === false) return undefined;
  const grid: SweepGrid = { ...DEFAULT_SWEEP };
  if (typeof spec === "string") {
    for (const part of spec.split(";")) {
      const [key, values] = part.split("=") as [string, string | undefined];
      if (values === undefined) continue;
      if (key.trim() === "m") grid.m = numbers(values);
      else if (key.trim() === "efc") grid.efConstruction = numbers(values);
      else if (key.trim() === "ef") grid.efSearch = numbers(values);
    }
  }
  return grid;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive whole number, got "${value}"`);
  return n;
}

await runCommand(async (config) => {
  // `--sweep` alone means the default grid; node's parser wants a value for a string option.
  const argv = process.argv.slice(2).map((a, i, all) => (a === "--sweep" && (all[i + 1] === undefined || all[i + 1]!.startsWith("--")) ? "--sweep=default" : a));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        corpus: { type: "string" },
        passages: { type: "string" },
        queries: { type: "string" },
        model: { type: "string" },
        fp32: { type: "boolean" },
        json: { type: "string" },
        "cost-sample": { type: "string" },
        "cost-queries": { type: "string" },
        dimensions: { type: "string" },
        "reindex-docs": { type: "string" },
        sweep: { type: "string" },
        "work-dir": { type: "string" },
        "first-answer": { type: "boolean" },
        documents: { type: "string" },
        "kill-documents": { type: "string" },
        window: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values["first-answer"]) {
    const workDir = path.resolve(values["work-dir"] ?? (await mkdtemp(path.join(os.tmpdir(), "hoidap-first-answer-"))));
    const report = await runFirstAnswerBench({
      source: values.corpus === undefined ? seedVariations(config.corpus.seedsDir) : jsonlDocuments(path.resolve(values.corpus)),
      documents: positive("documents", values.documents, 35_000),
      killDocuments: positive("kill-documents", values["kill-documents"], 300),
      windowSeconds: positive("window", values.window, 90),
      workDir,
      log: (line) => console.error(line),
    });
    console.log(renderFirstAnswerReport(report));
    if (values.json !== undefined) await writeFile(path.resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
    if (values["work-dir"] === undefined) await rm(workDir, { recursive: true, force: true });
    return 0;
  }
  try {
    const sweepSpec = values.sweep;
    const report = await runBench({
      corpus: values.corpus === undefined ? undefined : path.resolve(values.corpus),
      passages: positive("passages", values.passages, values.corpus === undefined ? 1_000_000 : 100_000),
      queries: positive("queries", values.queries, 1000),
      model: values.model === undefined ? undefined : path.resolve(values.model),
      quantized: !values.fp32,
      costSample: positive("cost-sample", values["cost-sample"], 256),
      costQueries: positive("cost-queries", values["cost-queries"], 100),
      dimensions: positive("dimensions", values.dimensions, 384),
      reindexDocuments: positive("reindex-docs", values["reindex-docs"], 30),
      sweep: parseGrid(sweepSpec === "default" ? true : sweepSpec),
      workDir: values["work-dir"] === undefined ? undefined : path.resolve(values["work-dir"]),
      keep: values["work-dir"] !== undefined,
      config,
      log: (line) => console.error(line),
    });
    console.log(renderReport(report));
    if (values.json !== undefined) {
      await writeFile(path.resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
      console.error(`JSON report written to ${path.resolve(values.json)}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("--")) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
});
