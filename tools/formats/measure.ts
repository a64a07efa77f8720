/**
 * Measures the report readers on the five seed reports converted to .docx and .pdf (by the test
 * fixtures' generators): read time per file and format (in this process, warm; and through the
 * isolated parsing process, which the scan uses), whether the passages equal the .txt originals,
 * and — when ../shared/eval/seeds-dev.jsonl exists — the seeds-dev figures per format with the
 * generated test model. Prints a Markdown table for docs/measurements/.
 *
 *   npx tsx tools/formats/measure.ts
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseConfig } from "../../src/config.ts";
import { chunkReport, readReport, reportFromText } from "../../src/corpus/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { runEval } from "../../src/eval/mod.ts";
import { createIsolatedReader, readReportFile } from "../../src/read/mod.ts";
import { docxOfText, pdfOfText } from "../../test/helpers/documents.ts";
import { getTestModelDir, SEEDS_DEV_FILE } from "../../test/helpers/test-model.ts";
import { REPO_ROOT, SEEDS_DIR } from "../../test/helpers/workspace.ts";

const CHUNK = { targetWords: 160, maxWords: 220, overlapSentences: 1 };
const squash = (s: string) => s.replace(/\s+/gu, " ").trim();
const ms = (t: number) => `${t.toFixed(0)} ms`;

const dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-formats-"));
try {
  const seeds = (await readdir(SEEDS_DIR)).filter((f) => f.endsWith(".txt")).sort();
  const rows: string[] = ["| seed | format | bytes | read (warm, in process) | passages equal to .txt |", "|---|---|---|---|---|"];
  const isolatedTimes: Record<string, number> = {};
  for (const format of ["txt", "docx", "pdf"] as const) {
    const folder = path.join(dir, format);
    await mkdir(folder, { recursive: true });
    const files: { name: string; bytes: Uint8Array }[] = [];
    for (const seed of seeds) {
      const text = await readFile(path.join(SEEDS_DIR, seed), "utf8");
      const bytes = format === "txt" ? new TextEncoder().encode(text) : format === "docx" ? await docxOfText(text) : await pdfOfText(text);
      const name = seed.replace(/\.txt$/, `.${format}`);
      await writeFile(path.join(folder, name), bytes);
      files.push({ name, bytes });
    }
    await readReportFile(files[0]!.bytes, files[0]!.name); // load the parser's modules once
    for (const [i, { name, bytes }] of files.entries()) {
      const started = performance.now();
      const read = await readReportFile(bytes, name);
      const took = performance.now() - started;
      if (!read.ok) throw new Error(`${name}: ${read.reason}`);
      const report = reportFromText(read.report, name);
      const original = readReport(await readFile(path.join(SEEDS_DIR, seeds[i]!)), seeds[i]!);
      if (!report.ok || !original.ok) throw new Error(`${name}: no report`);
      const equal = JSON.stringify(chunkReport(report.report, CHUNK).map((p) => squash(p.text))) === JSON.stringify(chunkReport(original.report, CHUNK).map((p) => squash(p.text)));
      rows.push(`| ${seeds[i]!.slice(0, 3)} | .${format} | ${bytes.length} | ${ms(took)} | ${equal ? "yes" : "NO"} |`);
    }
    const reader = createIsolatedReader();
    const started = performance.now();
    for (const { name, bytes } of files) await reader.read(bytes, name);
    isolatedTimes[format] = performance.now() - started;
    reader.close();
  }
  console.log(rows.join("\n"));
  console.log("\nAll five through the isolated parsing process (a cold start of the process included):");
  for (const [format, t] of Object.entries(isolatedTimes)) console.log(`- .${format}: ${ms(t)}`);

  if (existsSync(SEEDS_DEV_FILE)) {
    const model = await getTestModelDir();
    console.log("\nseeds-dev (30 questions), generated test model, k = 5:\n");
    console.log("| format | mode | doc hit@1 | doc hit@5 | passage hit@1 | passage hit@5 | MRR |\n|---|---|---|---|---|---|---|");
    for (const format of ["txt", "docx", "pdf"]) {
      const config = parseConfig({ SEEDS_DIR: path.join(dir, format), EMBEDDING_MODEL: model, EMBEDDING_OFFLINE: "true", GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"), LOG_LEVEL: "silent" }, dir);
      const questions = path.join(dir, `questions-${format}.jsonl`);
      await writeFile(questions, (await readFile(SEEDS_DEV_FILE, "utf8")).replace(/(_[0-9a-f]{16})\.txt\b/g, `$1.${format}`));
      const embedder = await loadEmbedder(config.embedding);
      const report = await runEval(config, { questions, k: 5, modes: ["hybrid", "lexical"], stripDiacritics: false, embedder });
      await embedder.dispose();
      for (const m of report.modes) {
        const o = m.overall;
        console.log(`| .${format} | ${m.mode} | ${o.docHit[1]?.toFixed(3)} | ${o.docHit[5]?.toFixed(3)} | ${o.passageHit[1]?.toFixed(3)} | ${o.passageHit[5]?.toFixed(3)} | ${o.mrr.toFixed(3)} |`);
      }
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
