/**
 * Scanned pages are read by OCR where tesseract (with Vietnamese data) and pdftoppm are installed
 * (.ci/run installs them), and citations say the text came from OCR. One small page, to stay quick.
 */
import { describe, expect, it } from "vitest";
import { placeOfParagraphs, reportFromText } from "../../src/corpus/mod.ts";
import { ocrMissing, readReportFile } from "../../src/read/mod.ts";
import { englishReason } from "../../src/render/mod.ts";
import { scanOfText } from "../helpers/documents.ts";

const missing = await ocrMissing();

describe.skipIf(missing !== undefined)(`OCR of scanned pages${missing === undefined ? "" : ` (skipped: ${englishReason(missing)})`}`, () => {
  it("reads a scanned page, and marks its passages as read by OCR", async () => {
    const pdf = await scanOfText(["Báo cáo kết quả công tác năm 2023", "Công an xã đã tổ chức 48 buổi tuyên truyền."]);
    const read = await readReportFile(pdf, "scan.pdf");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.report.ocrPages).toEqual([1]);
    expect(read.report.notes.map(englishReason)).toContain("page 1: read by OCR (check quotes against the original)");
    expect(read.report.text).toMatch(/tuyên truyền/);
    expect(read.report.text).toMatch(/48 buổi/);

    const report = reportFromText(read.report, "scan.pdf");
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(placeOfParagraphs(report.report.places, 1, 1)).toMatchObject({ pageStart: 1, pageEnd: 1, ocr: true });
  });
});
