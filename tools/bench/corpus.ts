/**
 * The bench's documents: a JSONL file (`id`, `title`, `text` per line, gzip or not), or — so the
 * command always runs — variations of the reports in the seeds directory. Documents are cleaned and
 * chunked by the corpus stage exactly as indexing does, and that is timed.
 */
import { createReadStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { createGunzip } from "node:zlib";
import type { ChunkConfig } from "../../src/config.ts";
import { chunkReport, readReport, splitSentences } from "../../src/corpus/mod.ts";
import type { Passage, Report } from "../../src/corpus/mod.ts";
import { foldDiacritics } from "../../src/text/mod.ts";

/** One document as the bench reads it. */
export interface BenchDocument {
  id: string;
  title: string;
  text: string;
}

/** Documents and how many lines of the source could not be used. */
export interface DocumentSource {
  /** What the documents come from, for the report. */
  name: string;
  documents: AsyncIterable<BenchDocument>;
  /** Lines that were not a document (bad JSON, no text); read after the documents are consumed. */
  badLines(): number;
}

/** Documents from a JSONL file, gzip-compressed when its name ends in `.gz`. Bad lines are counted, not fatal. */
export function jsonlDocuments(file: string): DocumentSource {
  let bad = 0;
  async function* read(): AsyncGenerator<BenchDocument> {
    const stream = createReadStream(file);
    const lines = readline.createInterface({ input: file.endsWith(".gz") ? stream.pipe(createGunzip()) : stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim() === "") continue;
        try {
          const row = JSON.parse(line) as { id?: unknown; title?: unknown; text?: unknown };
          if (typeof row.text !== "string" || row.text.trim() === "") throw new Error("no text");
          yield { id: String(row.id ?? `line-${bad}`), title: typeof row.title === "string" ? row.title : "", text: row.text };
        } catch {
          bad++;
        }
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { name: file, documents: read(), badLines: () => bad };
}

/** How many variants of each seed report the fallback makes (5 seeds → 150 documents, about 1,300 passages). */
const FALLBACK_VARIANTS = 30;

/**
 * The fallback corpus: each report in `seedsDir`, cleaned, in {@link FALLBACK_VARIANTS} variations —
 * paragraphs rotated and every number shifted — so documents differ in content and hash while the
 * text stays real Vietnamese. Nothing external is needed.
 */
export function seedVariations(seedsDir: string, variants = FALLBACK_VARIANTS): DocumentSource {
  async function* read(): AsyncGenerator<BenchDocument> {
    const files = (await readdir(seedsDir)).filter((f) => /\.(txt|md)$/i.test(f)).sort();
    const seeds: Report[] = [];
    for (const file of files) {
      const outcome = readReport(await readFile(path.join(seedsDir, file)), file);
      if (outcome.ok) seeds.push(outcome.report);
    }
    for (let v = 0; v < variants; v++) {
      for (const report of seeds) {
        const paragraphs = report.paragraphs.map((p) => report.text.slice(p.start, p.end));
        const shift = v % paragraphs.length;
        const rotated = [...paragraphs.slice(shift), ...paragraphs.slice(0, shift)];
        const vary = (s: string) => (v === 0 ? s : s.replace(/\d+/g, (n) => String(Number(n) + v)));
        yield { id: `${report.id.replace(/\.(txt|md)$/i, "")}-v${v}`, title: vary(report.title), text: rotated.map(vary).join("\n\n") };
      }
    }
  }
  return { name: `${seedsDir} (${variants} variations of each report)`, documents: read(), badLines: () => 0 };
}

/** A document's file name in the bench's seeds directory: its id, made safe for a file name. */
export const documentFile = (doc: BenchDocument) => `${doc.id.replace(/[^\p{L}\p{N}._-]+/gu, "_")}.txt`;

/** The bytes a document is indexed from: its title line, a blank line, its text. */
export const documentBytes = (doc: BenchDocument) => new TextEncoder().encode(`${doc.title.trim()}\n\n${doc.text}`);

/** The indexed part of the corpus, the held-out documents questions come from, and what cleaning cost. */
export interface PreparedCorpus {
  source: string;
  /** Documents whose passages are indexed, in order. */
  documents: BenchDocument[];
  reports: Report[];
  passages: Passage[];
  /** Documents after the indexed ones, never indexed: their titles and leads become questions. */
  heldOut: BenchDocument[];
  /** Documents the corpus stage skipped (no text after cleaning). */
  skipped: number;
  badLines: number;
  /** Time spent in readReport + chunkReport for the indexed documents. */
  cleaning: { ms: number; cpuMs: number };
}

/**
 * Reads documents until `passages` passages exist (or the source ends), then `heldOut` more. When
 * the source ends before any document is held out, the last documents read are held out instead
 * (their passages leave the index), so there are always questions whose answer is not a copy of
 * an indexed passage.
 */
export async function prepareCorpus(source: DocumentSource, options: { passages: number; heldOut: number; chunk: ChunkConfig }): Promise<PreparedCorpus> {
  const documents: BenchDocument[] = [];
  const reports: Report[] = [];
  const perReport: Passage[][] = [];
  const heldOut: BenchDocument[] = [];
  let passageCount = 0;
  let skipped = 0;
  let ms = 0;
  let cpuMs = 0;
  for await (const doc of source.documents) {
    if (passageCount >= options.passages) {
      heldOut.push(doc);
      if (heldOut.length >= options.heldOut) break;
      continue;
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    const outcome = readReport(documentBytes(doc), documentFile(doc));
    const passages = outcome.ok ? chunkReport(outcome.report, options.chunk) : [];
    ms += performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    if (!outcome.ok || passages.length === 0) {
      skipped++;
      continue;
    }
    documents.push(doc);
    reports.push(outcome.report);
    perReport.push(passages);
    passageCount += passages.length;
  }
  if (heldOut.length === 0 && documents.length > 1) {
    const take = Math.min(Math.max(1, Math.floor(documents.length / 5)), options.heldOut);
    heldOut.push(...documents.splice(documents.length - take));
    reports.splice(reports.length - take);
    perReport.splice(perReport.length - take);
  }
  return {
    source: source.name,
    documents,
    reports,
    passages: perReport.flat(),
    heldOut,
    skipped,
    badLines: source.badLines(),
    cleaning: { ms, cpuMs },
  };
}


/** The first `maxWords` words of a sentence, so a long lead reads like a question, not a paragraph. */
const firstWords = (s: string, maxWords: number) => s.split(/\s+/).slice(0, maxWords).join(" ");

/**
 * Questions as staff would type them, from held-out documents: each document's title, then its lead
 * sentence (first 25 words), then its later sentences, round-robin until `count` are made; every
 * fourth one without diacritics. None is an indexed passage copied verbatim.
 */
export function makeQueries(heldOut: readonly BenchDocument[], count: number): string[] {
  const perDoc = heldOut.map((doc) => {
    const title = doc.title.trim();
    const sentences = splitSentences(doc.text)
      .map((s) => firstWords(doc.text.slice(s.start, s.end), 25))
      .filter((s) => s.split(/\s+/).length >= 5);
    return [title, ...sentences].filter((s) => s.length > 0);
  });
  const queries: string[] = [];
  for (let round = 0; queries.length < count; round++) {
    let added = false;
    for (const candidates of perDoc) {
      const q = candidates[round];
      if (q === undefined) continue;
      queries.push(queries.length % 4 === 3 ? foldDiacritics(q) : q);
      added = true;
      if (queries.length >= count) break;
    }
    if (!added) break;
  }
  return queries;
}
