/**
 * The index as hoidap builds it, at scale: documents written as report files, a full build, the
 * files on disk, a reindex after one changed document, and loading in a fresh process.
 */
import { spawn } from "node:child_process";
import { appendFile, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../src/config.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import type { BuildProgress, BuildSummary, LoadedIndex } from "../../src/index/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { documentBytes, documentFile, type BenchDocument } from "./corpus.ts";
import type { LoadProbeResult } from "./load-probe.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Writes each document as a report file in `seedsDir` (title line, blank line, text). */
export async function writeDocuments(seedsDir: string, documents: readonly BenchDocument[]): Promise<void> {
  await mkdir(seedsDir, { recursive: true });
  for (const doc of documents) await writeFile(path.join(seedsDir, documentFile(doc)), documentBytes(doc));
}

/** Milliseconds spent in each build phase, from the build's progress reports. */
function phaseClock(): { onProgress: (p: BuildProgress) => void; phases: () => Record<string, number> } {
  const starts: [string, number][] = [];
  return {
    onProgress(p) {
      if (starts.at(-1)?.[0] !== p.phase) starts.push([p.phase, p.elapsedMs]);
    },
    phases() {
      const out: Record<string, number> = {};
      starts.forEach(([phase, at], i) => {
        const next = starts[i + 1];
        if (next !== undefined) out[phase] = (out[phase] ?? 0) + next[1] - at;
      });
      return out;
    },
  };
}

/** One timed build with its summary and per-phase times. */
export interface TimedBuild {
  index: LoadedIndex;
  summary: BuildSummary;
  ms: number;
  phasesMs: Record<string, number>;
}

/** Runs buildIndex (incremental when `previous` is given or an index is on disk) and times it. */
export async function timedBuild(config: Config, embedder: Embedder, previous?: LoadedIndex): Promise<TimedBuild> {
  const clock = phaseClock();
  const start = performance.now();
  const { index, summary } = await buildIndex({
    corpus: config.corpus,
    index: config.index,
    embedding: config.embedding,
    embedder,
    previous,
    onProgress: clock.onProgress,
  });
  return { index, summary, ms: performance.now() - start, phasesMs: clock.phases() };
}

/** Sizes in bytes of the files of the generation in force. */
export async function generationFiles(index: LoadedIndex): Promise<Record<string, number>> {
  const files: Record<string, number> = { ...index.manifest.files };
  files["manifest.json"] = (await stat(path.join(index.dir, "manifest.json"))).size;
  return files;
}

/**
 * Changes one document the way an editor would (a paragraph added at the end) and returns its file
 * name. `n` makes each change different.
 */
export async function changeDocument(seedsDir: string, doc: BenchDocument, n: number): Promise<string> {
  const file = documentFile(doc);
  await appendFile(path.join(seedsDir, file), `\n\nCập nhật lần ${n}: báo cáo được bổ sung số liệu mới nhất của đơn vị, đề nghị các phòng ban theo dõi và phối hợp thực hiện.\n`);
  return file;
}

/**
 * Loads the index in a fresh Node process (and then the model, when given) and returns what that
 * process measured: load time and resident memory, not polluted by the bench's own data.
 */
export function probeLoad(indexDir: string, modelDir?: string): Promise<LoadProbeResult> {
  const probe = fileURLToPath(new URL("./load-probe.ts", import.meta.url));
  const args = ["--expose-gc", "--import", "tsx", probe, indexDir, ...(modelDir === undefined ? [] : [modelDir])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(line) as LoadProbeResult);
      } catch (error) {
        reject(new Error(`the load probe failed (${(error as Error).message}): ${err.trim().split("\n").slice(-3).join(" ")}`));
      }
    });
  });
}
