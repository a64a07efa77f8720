/**
 * Hostile and broken files cost only themselves: each ends as one line in the index report, the
 * rest of the folder is indexed, and a parser that hangs or dies is stopped in its own process.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECENT_MS, scanCorpus } from "../../src/corpus/mod.ts";
import type { CorpusScan } from "../../src/corpus/mod.ts";
import { createIsolatedReader, DEFAULT_READ_LIMITS } from "../../src/read/mod.ts";
import { englishReason, englishWarning } from "../../src/render/mod.ts";
import { docxOfText, longPdf, makeDoc, makePdf, pdfOfText, scannedPdf, windowsProgram, zipBomb } from "../helpers/documents.ts";
import { DEFAULT_CHUNK } from "../corpus/fixtures.ts";

const REPORT = [
  "Công an huyện tổng kết công tác bảo đảm an ninh trật tự năm 2023",
  "",
  "Trong năm, Công an huyện đã phối hợp với các xã tổ chức 48 buổi tuyên truyền về phòng chống tội phạm ma túy cho hơn 6.000 lượt người dân.",
].join("\n");

let dir: string;
let scan: CorpusScan;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-hostile-"));
  const put = (file: string, bytes: Uint8Array | string) => writeFile(path.join(dir, file), bytes);
  await put("good.txt", REPORT);
  await put("good.docx", await docxOfText(REPORT.replace("2023", "2022")));
  await put("good.doc", makeDoc(REPORT.replace("2023", "2020").split("\n")));
  await put("good.pdf", await pdfOfText(REPORT.replace("2023", "2021")));
  await put("scan.pdf", await scannedPdf(1));
  await put("bomb.docx", zipBomb(1024));
  await put("long.pdf", longPdf(2000));
  await put("program.pdf", windowsProgram());
  // A PDF with text on page 1 and a scanned page 2: indexed, with the page reported.
  const mixed = await makePdf([["Báo cáo kết quả kiểm tra hành chính của Công an xã năm 2023", "Đoàn kiểm tra đã làm việc với 12 hộ kinh doanh dịch vụ lưu trú trên địa bàn xã."], [""]]);
  await put("mixed.pdf", mixed);
  // Files written within RECENT_MS of a scan get no stamp (they are read again next time); wait past it.
  await new Promise((resolve) => setTimeout(resolve, 2 * RECENT_MS.fine));
  // OCR off: what a server without tesseract does (OCR has its own test), and seconds faster.
  scan = await scanCorpus({ seedsDir: dir, maxFileBytes: 50 * 1024 * 1024, chunk: DEFAULT_CHUNK }, { readLimits: { ocr: false } });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a folder with hostile files", () => {
  it("indexes the good reports in every format", () => {
    expect(scan.reports.map((r) => r.file)).toEqual(["good.doc", "good.docx", "good.pdf", "good.txt", "mixed.pdf"]);
    expect(scan.reports.find((r) => r.file === "good.doc")?.text).toContain("48 buổi tuyên truyền");
  });

  it("ends each hostile file as one line with its reason", () => {
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file, englishReason(s.reason)]));
    expect(Object.keys(reasons).sort()).toEqual(["bomb.docx", "long.pdf", "program.pdf", "scan.pdf"]);
    expect(reasons["bomb.docx"]).toBe("it unpacks to more than 100 MB (the limit is 100 MB): refused as a possible zip bomb");
    expect(reasons["long.pdf"]).toBe(`it has 2000 pages (the limit is ${DEFAULT_READ_LIMITS.maxPdfPages}): refused as too costly to read`);
    expect(reasons["program.pdf"]).toBe("the content is a Windows program (.exe), not what its extension .pdf says");
    expect(reasons["scan.pdf"]).toMatch(/^no text layer on any of its 1 pages \(a scan\?\)/);
    for (const reason of Object.values(reasons)) expect(reason).not.toContain("\n");
  });

  it("reports the pages it could not read of a file it indexed", () => {
    expect(scan.warnings!.map(englishWarning)).toContainEqual(expect.stringMatching(/^mixed\.pdf: page 2: no text layer \(scanned\?\)/));
  });
});

describe("a second scan", () => {
  it("does not read unchanged files again, in any format, and repeats their warnings", async () => {
    const again = await scanCorpus({ seedsDir: dir, maxFileBytes: 50 * 1024 * 1024, chunk: DEFAULT_CHUNK }, { known: (id) => scan.sources.get(id), readLimits: { ocr: false } });
    expect(again.reports).toEqual([]);
    expect(again.reused).toEqual(["good.doc", "good.docx", "good.pdf", "good.txt", "mixed.pdf"]);
    expect(again.warnings!.map(englishWarning)).toContainEqual(expect.stringMatching(/^mixed\.pdf: page 2: no text layer/));
  });
});

describe("the parsing process", () => {
  it("is stopped when a file takes longer than the limit, and the file is skipped with the reason", async () => {
    const reader = createIsolatedReader({ ...DEFAULT_READ_LIMITS, timeoutMs: 50 });
    try {
      const result = await reader.read(await pdfOfText(REPORT), "slow.pdf");
      expect(!result.ok && englishReason(result.reason)).toBe("reading it took longer than 50 ms (the limit per file); stopped");
      // Text is read in the caller and does not depend on the parsing process.
      expect((await reader.read(new TextEncoder().encode(REPORT), "a.txt")).ok).toBe(true);
    } finally {
      reader.close();
    }
  });

  it("dying (out of memory) costs the file, not the caller", async () => {
    const reader = createIsolatedReader({ ...DEFAULT_READ_LIMITS, maxHeapMb: 4 });
    try {
      const result = await reader.read(await pdfOfText(REPORT), "big.pdf");
      expect(result.ok).toBe(false);
      expect(!result.ok && englishReason(result.reason)).toMatch(/^the parser (ran out of memory|died|exited)/);
    } finally {
      reader.close();
    }
  });
});
