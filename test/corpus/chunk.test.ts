/**
 * Passages: whole sentences, sized, following paragraphs, with offsets and ids a citation can
 * rely on. The invariants are checked on all five real reports under several settings.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ChunkConfig } from "../../src/config.ts";
import { chunkReport, countWords, readReport, splitLongSentence, splitSentences } from "../../src/corpus/mod.ts";
import type { Passage, Report } from "../../src/corpus/mod.ts";
import { englishReason } from "../../src/render/mod.ts";
import { DEFAULT_CHUNK, SEEDS_DIR, loadSeeds, seed } from "./fixtures.ts";

const seeds = loadSeeds();
const utf8 = (s: string) => new TextEncoder().encode(s);

function reportFrom(text: string, file = "test.txt"): Report {
  const outcome = readReport(utf8(text), file);
  if (!outcome.ok) throw new Error(englishReason(outcome.skipped.reason));
  return outcome.report;
}

/** A sentence of exactly `n` syllables. */
const sentenceOf = (n: number, word = "chữ") => `${"Câu"} ${Array.from({ length: n - 1 }, () => word).join(" ")}.`;

const SETTINGS: [string, ChunkConfig][] = [
  ["default (160/220, overlap 1)", DEFAULT_CHUNK],
  ["small (40/60, overlap 2)", { targetWords: 40, maxWords: 60, overlapSentences: 2 }],
  ["no overlap (100/120)", { targetWords: 100, maxWords: 120, overlapSentences: 0 }],
];

describe.each(SETTINGS)("passages of the seed reports, %s", (_, chunk) => {
  const all = [...seeds.values()].map((report) => ({ report, passages: chunkReport(report, chunk), sentences: splitSentences(report.text) }));

  it("map back to the report text through their offsets", () => {
    for (const { report, passages } of all) {
      for (const p of passages) {
        expect(report.text.slice(p.start, p.end)).toBe(p.text);
        expect(p.docId).toBe(report.id);
        expect(p.embedText).toBe(`${report.title}\n${p.text}`);
      }
    }
  });

  it("start at a sentence start and end at a sentence end (or a clause of an over-long sentence)", () => {
    for (const { report, passages, sentences } of all) {
      const clauses = sentences.flatMap((s) => splitLongSentence(report.text, s, chunk.maxWords));
      const starts = new Set(clauses.map((s) => s.start));
      const ends = new Set(clauses.map((s) => s.end));
      for (const p of passages) {
        expect(starts.has(p.start), `${report.id}#${p.ordinal} starts mid-sentence`).toBe(true);
        expect(ends.has(p.end), `${report.id}#${p.ordinal} ends mid-sentence: …${p.text.slice(-30)}`).toBe(true);
      }
    }
  });

  it("stay within maxWords unless a single sentence is longer", () => {
    for (const { report, passages } of all) {
      for (const p of passages) {
        const single = splitSentences(p.text).length === 1;
        if (!single) expect(countWords(p.text), `${report.id}#${p.ordinal}`).toBeLessThanOrEqual(chunk.maxWords);
      }
    }
  });

  it("cover every sentence, in order, without gaps", () => {
    for (const { report, passages } of all) {
      const covered = new Array<boolean>(report.text.length).fill(false);
      for (const p of passages) covered.fill(true, p.start, p.end);
      const missed = report.text.split("").filter((c, i) => !covered[i] && /\S/.test(c));
      expect(missed, `${report.id}: text in no passage`).toEqual([]);
      passages.forEach((p, i) => {
        expect(p.ordinal).toBe(i);
        const next = passages[i + 1];
        if (next !== undefined) {
          expect(next.start).toBeGreaterThan(p.start);
          expect(next.end).toBeGreaterThan(p.end);
        }
      });
    }
  });

  it("overlap by at most overlapSentences sentences", () => {
    for (const { report, passages } of all) {
      for (let i = 1; i < passages.length; i++) {
        const shared = Math.max(0, passages[i - 1]!.end - passages[i]!.start);
        const sharedSentences = shared === 0 ? 0 : splitSentences(report.text.slice(passages[i]!.start, passages[i - 1]!.end)).length;
        expect(sharedSentences).toBeLessThanOrEqual(chunk.overlapSentences);
      }
    }
  });

  it("number paragraphs from 1, as the report's paragraph spans do", () => {
    for (const { report, passages } of all) {
      for (const p of passages) {
        const first = report.paragraphs[p.paragraphStart - 1]!;
        const last = report.paragraphs[p.paragraphEnd - 1]!;
        expect(first.start <= p.start && p.start < first.end).toBe(true);
        expect(last.start < p.end && p.end <= last.end).toBe(true);
      }
    }
  });
});

describe("passage ids", () => {
  const report = seed(seeds, "002");
  const bytes = readFileSync(path.join(SEEDS_DIR, report.file));
  const ids = (outcome: ReturnType<typeof readReport>) => (outcome.ok ? chunkReport(outcome.report, DEFAULT_CHUNK).map((p) => p.id) : []);

  it("are the content hash prefix and the ordinal, unique, and the same when the report is read again", () => {
    const passages = chunkReport(report, DEFAULT_CHUNK);
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `${report.contentHash.slice(0, 16)}:${i}`));
    expect(ids(readReport(bytes, report.file))).toEqual(passages.map((p) => p.id));
  });

  it("change when the text changes, and when a citation field changes", () => {
    const original = ids(readReport(bytes, report.file));
    const edited = ids(readReport(Buffer.from(bytes.toString("utf8").replace("ngành bưu điện", "ngành viễn thông")), report.file));
    const retitled = ids(readReport(bytes, report.file, { title: "Tiêu đề khác" }));
    const moved = ids(readReport(bytes, `khac/${report.file}`));
    for (const other of [edited, retitled, moved]) {
      expect(other).toHaveLength(original.length);
      expect(other.filter((id) => original.includes(id))).toEqual([]);
    }
  });
});

describe("packing", () => {
  it("prefers to end at a paragraph end over the exact target", () => {
    const para = Array.from({ length: 5 }, () => sentenceOf(20)).join(" "); // 100 words
    const report = reportFrom(`Tiêu đề báo cáo thử nghiệm chia đoạn\n\n${para}\n\n${para}\n\n${para}`);
    const passages = chunkReport(report, { targetWords: 160, maxWords: 220, overlapSentences: 0 });
    expect(passages.map((p) => [p.paragraphStart, p.paragraphEnd, countWords(p.text)])).toEqual([
      [1, 2, 200],
      [3, 3, 100],
    ]);
  });

  it("ends mid-paragraph, after the target, when no paragraph end is in reach", () => {
    const para = Array.from({ length: 20 }, () => sentenceOf(20)).join(" "); // 400 words
    const report = reportFrom(`Tiêu đề báo cáo thử nghiệm đoạn dài\n\n${para}`);
    const passages = chunkReport(report, { targetWords: 160, maxWords: 220, overlapSentences: 1 });
    expect(passages.map((p) => countWords(p.text))).toEqual([160, 160, 120]);
    expect(passages[1]!.text.startsWith(`${sentenceOf(20)} `)).toBe(true);
    expect(passages[1]!.start).toBeLessThan(passages[0]!.end);
  });

  it("keeps headings and captions with the text after them", () => {
    for (const [prefix, heading] of [
      ["002", "Đẩy mạnh ứng dụng công nghệ thông tin trong xử lý công việc"],
      ["002", "Vận động Nhân dân tích cực đấu tranh, phản bác thông tin xuyên tạc, sai trái"],
      ["004", "Hiệu quả thiết thực"],
      ["004", "Tiếp tục đẩy mạnh phong trào"],
    ] as const) {
      const passages = chunkReport(seed(seeds, prefix), DEFAULT_CHUNK);
      expect(passages.some((p) => p.text.endsWith(heading)), heading).toBe(false);
      expect(passages.some((p) => p.text.includes(`${heading}\n\n`)), heading).toBe(true);
    }
  });

  it("cuts a sentence longer than maxWords at ';', then ',', then between words", () => {
    const clause = (n: number) => Array.from({ length: n }, () => "chữ").join(" ");
    const bySemicolon = reportFrom(`Tiêu đề báo cáo có câu rất dài\n\nMở ${clause(89)}; ${clause(90)}; ${clause(90)}.`);
    const passages = chunkReport(bySemicolon, { targetWords: 100, maxWords: 120, overlapSentences: 0 });
    expect(passages.map((p) => countWords(p.text))).toEqual([90, 90, 90]);
    expect(passages.slice(0, -1).every((p) => p.text.endsWith(";"))).toBe(true);

    const noPunctuation = reportFrom(`Tiêu đề báo cáo có câu rất dài\n\nMở ${clause(299)}.`);
    const words = chunkReport(noPunctuation, { targetWords: 100, maxWords: 120, overlapSentences: 1 });
    expect(words.map((p) => countWords(p.text))).toEqual([120, 120, 60]);
    expect(words.map((p) => p.text).join(" ")).toBe(noPunctuation.text);
  });

  it("overlaps consecutive passages by the last sentence", () => {
    const passages: Passage[] = chunkReport(seed(seeds, "004"), DEFAULT_CHUNK);
    const overlapping = passages.slice(1).filter((p, i) => p.start < passages[i]!.end);
    expect(overlapping.length).toBeGreaterThan(passages.length / 2);
    for (const p of overlapping) {
      const prev = passages[p.ordinal - 1]!;
      const lastOfPrev = splitSentences(prev.text).at(-1)!;
      expect(p.text.startsWith(prev.text.slice(lastOfPrev.start, lastOfPrev.end))).toBe(true);
    }
  });
});
