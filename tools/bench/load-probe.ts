/**
 * Run as a child process by the bench (`node --expose-gc --import tsx load-probe.ts INDEX_DIR [MODEL_DIR]`):
 * loads the index the way the bot does, in a process that has done nothing else, and prints one
 * JSON line with the load time and the resident memory before and after — then, with MODEL_DIR,
 * after loading the embedding model too (what a running bot holds).
 */
import { performance } from "node:perf_hooks";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { loadIndex } from "../../src/index/mod.ts";

/** What the probe prints. Memory in MB. */
export interface LoadProbeResult {
  /** After the modules are imported, before anything is loaded. */
  baselineRssMb: number;
  loadMs: number;
  rssAfterLoadMb: number;
  /** After a full garbage collection: what stays resident for the index. */
  rssAfterGcMb: number;
  heapUsedMb: number;
  passages: number;
  model?: {
    dir: string;
    loadMs: number;
    /** After the model's first inference and a full GC. */
    rssMb: number;
    /** After 30 more questions and a full GC: what a bot that has been answering holds. */
    rssAfterQuestionsMb: number;
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Questions of a few lengths (repeated up to 3 times), for the memory a running bot settles at. */
const QUESTIONS = [
  "Công an tỉnh đã làm gì trong công tác dân vận năm nay?",
  "hoi nghi so ket o ha tinh dien ra khi nao",
  "Which units took part in the supervision of Resolution 25?",
];
const gc = (globalThis as { gc?: () => void }).gc;

const [indexDir, modelDir] = process.argv.slice(2);
if (indexDir === undefined) {
  console.error("usage: load-probe.ts INDEX_DIR [MODEL_DIR]");
  process.exit(2);
}
gc?.();
const baselineRssMb = mb(process.memoryUsage().rss);
const start = performance.now();
const index = await loadIndex(indexDir);
const loadMs = performance.now() - start;
const rssAfterLoadMb = mb(process.memoryUsage().rss);
gc?.();
const result: LoadProbeResult = {
  baselineRssMb,
  loadMs,
  rssAfterLoadMb,
  rssAfterGcMb: mb(process.memoryUsage().rss),
  heapUsedMb: mb(process.memoryUsage().heapUsed),
  passages: index.manifest.counts.passages,
};
if (modelDir !== undefined) {
  const t = performance.now();
  const embedder = await loadEmbedder({ model: modelDir, quantized: true, offline: true, batchSize: 16, cacheDir: modelDir });
  const modelLoadMs = performance.now() - t;
  await embedder.embedQuery("câu hỏi thử"); // a first inference allocates the runtime's buffers
  gc?.();
  const rssMb = mb(process.memoryUsage().rss);
  for (let i = 0; i < 30; i++) await embedder.embedQuery(QUESTIONS[i % QUESTIONS.length]!.repeat(1 + (i % 3)));
  gc?.();
  result.model = { dir: modelDir, loadMs: modelLoadMs, rssMb, rssAfterQuestionsMb: mb(process.memoryUsage().rss) };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
