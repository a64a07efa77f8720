/**
 * `npm run bench -- --first-answer`: how soon a fresh install answers, and what the background
 * embedding behind it costs and survives.
 *
 * 1. First answer: the service opened as `npm start` opens it (the configured model — the
 *    e5-small stand-in — loaded from disk, an empty index), then one question: the time from the
 *    start to that answer (the reports read, the keyword index written and in force).
 * 2. During the background embedding that follows: embedding throughput (passages/s, from the
 *    service's own progress) and question latency, against the same questions asked of the same
 *    keyword index with no embedding running (EMBEDDING_MODEL=none).
 * 3. Kill -9: `npm start`'s process (tsx's node, and its reindex child) on a smaller corpus, killed
 *    with SIGKILL once half the passages are checkpointed; then a restart, which resumes: the
 *    passages on disk at the kill, those kept at the restart, and those embedded again.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pino from "pino";
import { parseConfig } from "../../src/config.ts";
import type { Config } from "../../src/config.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import type { BenchDocument, DocumentSource } from "./corpus.ts";
import { documentBytes, documentFile, makeQueries } from "./corpus.ts";
import { standInModelDir } from "./models.ts";
import { latencySummary } from "./stats.ts";
import type { Latency } from "./stats.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const silent = pino({ level: "silent" });

/** What {@link runFirstAnswerBench} is asked to do. */
export interface FirstAnswerOptions {
  source: DocumentSource;
  /** Documents indexed for the first answer and the background embedding (e.g. 35,000 news articles). */
  documents: number;
  /** Documents indexed for the kill -9 run (smaller: it embeds half of them, then the rest). */
  killDocuments: number;
  /** Seconds of questions asked while the background embedding runs. */
  windowSeconds: number;
  workDir: string;
  log: (line: string) => void;
}

/** The figures, for the report and `--json`. */
export interface FirstAnswerReport {
  corpus: string;
  documents: number;
  passages: number;
  model: string;
  loadAverage: number[];
  firstAnswerMs: number;
  firstAnswerFound: boolean;
  background: { passagesPerSecond: number; windowSeconds: number; passagesDone: number; passagesTotal: number; remainingSecondsEstimate?: number };
  questionsIdle: Latency;
  questionsDuringEmbedding: Latency;
  kill: { documents: number; passages: number; onDiskAtKill: number; resumed: number; embeddedAfterRestart: number; reembedded: number; restartToHybridMs: number };
}

/** Writes the first `count` documents as report files, and returns them and the next 50 (held out, for questions). */
async function writeReports(source: AsyncIterator<BenchDocument>, dir: string, count: number): Promise<{ written: BenchDocument[]; heldOut: BenchDocument[] }> {
  await mkdir(dir, { recursive: true });
  const written: BenchDocument[] = [];
  const heldOut: BenchDocument[] = [];
  // Read with next(), not for-await: leaving a for-await loop would close the source for the next call.
  while (written.length < count || heldOut.length < 50) {
    const next = await source.next();
    if (next.done === true) break;
    if (written.length < count) {
      await writeFile(path.join(dir, documentFile(next.value)), documentBytes(next.value));
      written.push(next.value);
    } else heldOut.push(next.value);
  }
  return { written, heldOut };
}

function config(workDir: string, seeds: string, embeddings: string, model: string): Config {
  return parseConfig(
    { SEEDS_DIR: seeds, EMBEDDINGS_DIR: embeddings, EMBEDDING_MODEL: model, EMBEDDING_OFFLINE: "true", GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"), LOG_LEVEL: "silent" },
    workDir,
  );
}

/** Asks `questions` one after another, `gapMs` apart, until `until()` or they run out; latencies in ms. */
async function ask(service: QaService, questions: readonly string[], gapMs: number, until: () => boolean = () => false): Promise<number[]> {
  const ms: number[] = [];
  for (const q of questions) {
    if (until()) break;
    const start = performance.now();
    await service.ask(q);
    ms.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return ms;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `pid` and every process below it (from /proc), deepest first. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const walk = (p: number): number[] => [...(children.get(p) ?? []).flatMap(walk), p];
  return walk(pid);
}

/** Rows (passages) in the background embedding's checkpoint file. */
function checkpointRows(embeddingsDir: string, dimensions: number): number {
  const file = path.join(embeddingsDir, "index", "embedding", "vectors.f32");
  return existsSync(file) ? Math.floor(statSync(file).size / (dimensions * 4)) : 0;
}

/** Passages of the index in force under `embeddingsDir`. */
async function indexedPassages(embeddingsDir: string): Promise<number | undefined> {
  const indexDir = path.join(embeddingsDir, "index");
  const current = await readFile(path.join(indexDir, "CURRENT"), "utf8").catch(() => undefined);
  if (current === undefined) return undefined;
  const manifest = JSON.parse(await readFile(path.join(indexDir, current.trim(), "manifest.json"), "utf8")) as { counts: { passages: number } };
  return manifest.counts.passages;
}

export async function runFirstAnswerBench(options: FirstAnswerOptions): Promise<FirstAnswerReport> {
  const { workDir, log } = options;
  const model = await standInModelDir(path.join(REPO_ROOT, "seeds"));
  log(`model: ${model.dir}${model.generated ? ` (generated in ${(model.ms / 1000).toFixed(0)} s)` : ""}`);
  const documents = options.source.documents[Symbol.asyncIterator]();
  const big = await writeReports(documents, path.join(workDir, "reports"), options.documents);
  const small = await writeReports(documents, path.join(workDir, "reports-kill"), options.killDocuments);
  await documents.return?.();
  if (small.written.length === 0) throw new Error(`--kill-documents: the corpus has no documents left after the first ${big.written.length} (and 50 held out)`);
  const questions = makeQueries(big.heldOut, 400);
  log(`${big.written.length} + ${small.written.length} reports written; ${questions.length} questions`);

  // 1. First answer.
  const loadAverage = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const a = config(workDir, path.join(workDir, "reports"), path.join(workDir, "embeddings-a"), model.dir);
  const start = performance.now();
  const service = await openQaService(a, { logger: silent });
  const first = await service.ask(questions[0]!);
  const firstAnswerMs = performance.now() - start;
  const passages = service.status().passages;
  log(`first answer after ${(firstAnswerMs / 1000).toFixed(1)} s (${passages} passages, load average ${loadAverage.join(" ")})`);

  // 2. During the background embedding.
  await waitFor(() => service.status().embedding?.phase === "embed" && (service.status().embedding?.passagesDone ?? 0) > 0, 600_000, "the background embedding to start");
  const from = { at: performance.now(), done: service.status().embedding!.passagesDone };
  const windowEnd = Date.now() + options.windowSeconds * 1000;
  const during = await ask(service, [...questions, ...questions, ...questions].slice(1), 100, () => Date.now() > windowEnd);
  await waitFor(() => Date.now() > windowEnd, options.windowSeconds * 1000 + 1000, "the end of the window");
  const progress = service.status().embedding;
  const to = { at: performance.now(), done: progress?.passagesDone ?? from.done };
  // The fill's own estimate is its rate since it started (checkpoints of 256 passages come tens of
  // seconds apart, too coarse for a window); the difference over the window when there is none.
  const passagesPerSecond =
    progress?.remainingMs !== undefined && progress.remainingMs > 0
      ? ((progress.passagesTotal - progress.passagesDone) * 1000) / progress.remainingMs
      : ((to.done - from.done) * 1000) / (to.at - from.at);
  log(`background: ${passagesPerSecond.toFixed(1)} passages/s; ${during.length} questions asked meanwhile`);
  await service.close();
  const idleService = await openQaService(config(workDir, path.join(workDir, "reports"), path.join(workDir, "embeddings-a"), "none"), { logger: silent });
  const idle = await ask(idleService, questions.slice(1, 1 + during.length), 100);
  await idleService.close();

  // 3. kill -9 half-way, then a restart.
  const bEmbeddings = path.join(workDir, "embeddings-b");
  const env = { ...process.env, SEEDS_DIR: path.join(workDir, "reports-kill"), EMBEDDINGS_DIR: bEmbeddings, EMBEDDING_MODEL: model.dir, EMBEDDING_OFFLINE: "true", LOG_LEVEL: "warn", TELEGRAM_BOT_TOKEN: "" };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const child = spawn(process.execPath, ["--import", tsx, path.join(REPO_ROOT, "src/cli/start.ts")], { cwd: workDir, env, stdio: ["pipe", "ignore", "ignore"] });
  let killPassages = 0;
  await waitFor(async () => (killPassages = (await indexedPassages(bEmbeddings)) ?? 0) > 0, 600_000, "the keyword index of the kill run");
  await waitFor(() => checkpointRows(bEmbeddings, 384) >= killPassages / 2, 3_600_000, "half the passages embedded");
  const tree = processTree(child.pid!);
  const onDiskAtKill = checkpointRows(bEmbeddings, 384);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  log(`killed ${tree.length} processes (kill -9) with ${onDiskAtKill}/${killPassages} passages checkpointed`);
  const restart = performance.now();
  const b = await openQaService(config(workDir, path.join(workDir, "reports-kill"), bEmbeddings, model.dir), { logger: silent });
  await waitFor(() => b.status().keywordOnly === undefined, 3_600_000, "hybrid after the restart");
  const restartToHybridMs = performance.now() - restart;
  const summary = b.status().lastReindex;
  await b.close();
  const resumed = summary?.resumedPassages ?? 0;
  const embeddedAfterRestart = summary?.passagesEmbedded ?? 0;
  log(`restart: ${resumed} kept, ${embeddedAfterRestart} embedded, hybrid after ${(restartToHybridMs / 1000).toFixed(1)} s`);

  return {
    corpus: options.source.name,
    documents: big.written.length,
    passages,
    model: model.dir,
    loadAverage,
    firstAnswerMs,
    firstAnswerFound: first.answer.found,
    background: {
      passagesPerSecond,
      windowSeconds: options.windowSeconds,
      passagesDone: to.done,
      passagesTotal: progress?.passagesTotal ?? passages,
      ...(progress?.remainingMs === undefined ? {} : { remainingSecondsEstimate: Math.round(progress.remainingMs / 1000) }),
    },
    questionsIdle: latencySummary(idle),
    questionsDuringEmbedding: latencySummary(during),
    kill: {
      documents: small.written.length,
      passages: killPassages,
      onDiskAtKill,
      resumed,
      embeddedAfterRestart,
      // What the killed process had embedded (on disk, plus at most the batch it was computing) and the restart did again.
      reembedded: Math.max(0, onDiskAtKill - resumed),
      restartToHybridMs,
    },
  };
}

/** The report as Markdown. */
export function renderFirstAnswerReport(r: FirstAnswerReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `## First answer and background embedding`,
    ``,
    `Corpus ${r.corpus}: ${r.documents} documents, ${r.passages} passages; model ${path.basename(r.model)}; load average at start ${r.loadAverage.join(" / ")} (${os.cpus().length} cores).`,
    ``,
    `| measure | value |`,
    `|---|---|`,
    `| start on an empty index → first answer | ${s(r.firstAnswerMs)} (found: ${r.firstAnswerFound}) |`,
    `| background embedding throughput | ${r.background.passagesPerSecond.toFixed(1)} passages/s over ${r.background.windowSeconds} s (${r.background.passagesDone}/${r.background.passagesTotal} done; estimate left ${r.background.remainingSecondsEstimate ?? "?"} s) |`,
    `| question latency, keyword index idle | p50 ${r.questionsIdle.p50.toFixed(1)} ms, p95 ${r.questionsIdle.p95.toFixed(1)} ms (${r.questionsIdle.samples}) |`,
    `| question latency during background embedding | p50 ${r.questionsDuringEmbedding.p50.toFixed(1)} ms, p95 ${r.questionsDuringEmbedding.p95.toFixed(1)} ms (${r.questionsDuringEmbedding.samples}); p95 ratio ${(r.questionsDuringEmbedding.p95 / r.questionsIdle.p95).toFixed(2)}× |`,
    `| kill -9 half-way (${r.kill.documents} documents, ${r.kill.passages} passages) | ${r.kill.onDiskAtKill} on disk at the kill; restart kept ${r.kill.resumed}, embedded ${r.kill.embeddedAfterRestart}; re-embedded ${r.kill.reembedded} (+ at most the one batch in flight); hybrid ${s(r.kill.restartToHybridMs)} after the restart |`,
  ].join("\n");
}
