/**
 * Each reader on files the test makes: what a user sees is kept (headings, table rows, pages,
 * title), legacy text in Word runs is converted, and text that cannot be trusted is reported.
 */
import { describe, expect, it } from "vitest";
import { reportFromText } from "../../src/corpus/mod.ts";
import { DEFAULT_READ_LIMITS, readReportFile, sniffFormat } from "../../src/read/mod.ts";
import type { ReadResult, ReportText } from "../../src/read/mod.ts";
import { englishReason } from "../../src/render/mod.ts";
import { makeDoc, makeDocx, makeOdt, makePdf, VIETNAMESE_FONT } from "../helpers/documents.ts";
import PDFDocument from "pdfkit";

const NO_OCR = { ...DEFAULT_READ_LIMITS, ocr: false };

function textOf(result: ReadResult): ReportText {
  if (!result.ok) throw new Error(`refused: ${englishReason(result.reason)}`);
  return result.report;
}

const BODY = "Trong năm, lực lượng Công an đã triển khai đồng bộ nhiều biện pháp nghiệp vụ, kiềm chế sự gia tăng của tội phạm và bảo đảm an ninh trật tự trên địa bàn.";

describe(".docx", () => {
  it("keeps headings, paragraphs and table rows, and takes the title from the core properties", async () => {
    const bytes = await makeDocx(
      [
        { heading: "I. Kết quả công tác năm 2023", level: 1 },
        BODY,
        { table: [["Chỉ tiêu", "Kết quả"], ["Số vụ án ma túy phát hiện", "125 vụ"]] },
        { heading: "II. Phương hướng năm 2024", level: 1 },
        "Tiếp tục nâng cao hiệu quả phối hợp với các đoàn thể ở cơ sở.",
      ],
      { title: "Báo cáo tổng kết công tác Công an huyện năm 2023" },
    );
    const read = textOf(await readReportFile(bytes, "tong-ket.docx"));
    expect(read.format).toBe("docx");
    expect(read.title).toBe("Báo cáo tổng kết công tác Công an huyện năm 2023");
    expect(read.text.split("\n")).toContain("Số vụ án ma túy phát hiện | 125 vụ");
    expect(read.headings?.map((h) => h.text)).toEqual(["I. Kết quả công tác năm 2023", "II. Phương hướng năm 2024"]);

    const report = reportFromText(read, "tong-ket.docx");
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.report.title).toBe("Báo cáo tổng kết công tác Công an huyện năm 2023");
    const paragraphs = report.report.paragraphs.map((p) => report.report.text.slice(p.start, p.end));
    const row = paragraphs.findIndex((p) => p.includes("125 vụ"));
    const last = paragraphs.findIndex((p) => p.startsWith("Tiếp tục"));
    const sections = report.report.places?.sections ?? [];
    const sectionOf = (i: number) => sections.filter((s) => s.from <= i + 1).at(-1)?.heading;
    expect(sectionOf(row)).toBe("I. Kết quả công tác năm 2023");
    expect(sectionOf(last)).toBe("II. Phương hướng năm 2024");
  });

  it("converts runs set in TCVN3 (.VnTime, .VnTimeH) and VNI fonts, and says so", async () => {
    const bytes = await makeDocx([
      "Báo cáo kết quả công tác dân vận của Công an xã năm 2005",
      { runs: [{ text: "Đơn vị đã " }, { text: "phèi hîp víi c¸c ®oµn thÓ tæ chøc tuyªn truyÒn", font: ".VnTime" }, { text: " cho nhân dân." }] },
      { runs: [{ text: "céng hoµ x· héi chñ nghÜa", font: ".VnTimeH" }] },
      { runs: [{ text: "Coâng an tænh ñaõ toå chöùc hoäi nghò", font: "VNI-Times" }] },
    ]);
    const read = textOf(await readReportFile(bytes, "cu.docx"));
    expect(read.text).toContain("Đơn vị đã phối hợp với các đoàn thể tổ chức tuyên truyền cho nhân dân.");
    expect(read.text).toContain("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA");
    expect(read.text).toContain("Công an tỉnh đã tổ chức hội nghị");
    expect(read.notes.map(englishReason).join(" ")).toMatch(/TCVN3 \(ABC\) \(2 runs or lines\) and VNI \(1 run or line\)/);
  });
});

describe(".doc (Word 97–2003)", () => {
  it("reads the body text whole, table rows as cells, and legacy TCVN3 text converted", async () => {
    const bytes = makeDoc([
      "Báo cáo tổng kết công tác Công an huyện năm 2023",
      BODY,
      "Số vụ án ma túy phát hiện\t125 vụ\t",
      "§¬n vÞ ®· phèi hîp víi c¸c ®oµn thÓ tæ chøc tuyªn truyÒn cho nh©n d©n.",
    ]);
    const read = textOf(await readReportFile(bytes, "tong-ket.doc"));
    expect(read.format).toBe("doc");
    const lines = read.text.split("\n");
    expect(lines).toContain(BODY);
    expect(lines).toContain("Số vụ án ma túy phát hiện | 125 vụ");
    expect(lines).toContain("Đơn vị đã phối hợp với các đoàn thể tổ chức tuyên truyền cho nhân dân.");
    expect(read.notes.map(englishReason).join(" ")).toMatch(/TCVN3/);

    const report = reportFromText(read, "tong-ket.doc");
    expect(report.ok && report.report.title).toBe("Báo cáo tổng kết công tác Công an huyện năm 2023");
  });
});

describe(".pdf", () => {
  it("reads text with its pages and the title from the document info", async () => {
    const bytes = await makePdf([["Báo cáo sơ kết sáu tháng đầu năm của Công an tỉnh", BODY], ["Kết quả phòng chống ma túy: phát hiện 125 vụ, bắt giữ 210 đối tượng."]], { title: "Báo cáo sơ kết sáu tháng đầu năm" });
    const read = textOf(await readReportFile(bytes, "so-ket.pdf", NO_OCR));
    expect(read.title).toBe("Báo cáo sơ kết sáu tháng đầu năm");
    expect(read.pageNumbers).toEqual([1, 2]);
    expect(read.text.slice(read.pages![1]!)).toBe("Kết quả phòng chống ma túy: phát hiện 125 vụ, bắt giữ 210 đối tượng.");
    // A paragraph wrapped over several lines comes back as one line.
    expect(read.text.split("\n")).toContain(BODY);
  });

  it("rejoins syllables whose pieces the PDF placed apart (\"ĐIỀ U KHO ẢN\")", async () => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
    doc.font(VIETNAMESE_FONT).fontSize(12);
    // Each piece positioned by itself, a little apart, as some Word exports place stacked marks.
    let x = 72;
    for (const piece of ["ĐIỀ", "U", " KHO", "ẢN CHUNG"]) {
      doc.text(piece, x, 100, { lineBreak: false });
      x += doc.widthOfString(piece) + 4;
    }
    doc.text("Các khoản chi được quy định tại Điều 5 của quy chế này, khoản 2 và khoản 3.", 72, 130);
    doc.end();
    await done;
    const read = textOf(await readReportFile(new Uint8Array(Buffer.concat(chunks)), "dieu-khoan.pdf", NO_OCR));
    expect(read.text.split("\n")[0]).toBe("ĐIỀU KHOẢN CHUNG");
    expect(read.notes.map(englishReason).join(" ")).toMatch(/rejoined/);
  });

  it("reports text from a font without a Unicode map instead of indexing it", async () => {
    const good = await makePdf([["Báo cáo tổng kết công tác bảo đảm an ninh trật tự năm 2023 của Công an tỉnh", BODY]]);
    // The same file with its font's Unicode map made unfindable (same length, so offsets hold).
    const broken = new Uint8Array(Buffer.from(Buffer.from(good).toString("latin1").replace(/\/ToUnicode/g, "/ToUnicodX"), "latin1"));
    const result = await readReportFile(broken, "no-map.pdf", NO_OCR);
    expect(result.ok).toBe(false);
    expect(!result.ok && englishReason(result.reason)).toMatch(/^no trustworthy text on any of its 1 pages \(page 1: unreadable text .*font without a Unicode map/);
  });
});

describe(".html and .odt", () => {
  it("reads a saved web page's article, not its menus, and keeps its table", async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Công an tỉnh tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc</title></head><body>
      <nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | <a href="/lh">Liên hệ</a></nav>
      <article><h1>Công an tỉnh tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc</h1>
      <p>${BODY}</p><p>${BODY.replace("Trong năm", "Trong quý")}</p>
      <table><tr><th>Đơn vị</th><th>Số mô hình</th></tr><tr><td>Huyện Lâm Thao</td><td>14 mô hình</td></tr></table>
      <p>Hội nghị đã khen thưởng 25 tập thể và 40 cá nhân có thành tích xuất sắc trong phong trào.</p></article>
      <footer>Bản quyền thuộc về Báo Công an tỉnh</footer></body></html>`;
    const read = textOf(await readReportFile(new TextEncoder().encode(html), "tin.html"));
    expect(read.title).toBe("Công an tỉnh tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc");
    expect(read.text.split("\n")).toContain("Huyện Lâm Thao | 14 mô hình");
    expect(read.text).toContain("khen thưởng 25 tập thể");
    expect(read.text).not.toContain("Liên hệ");
  });

  it("reads an OpenDocument text: headings, paragraphs, table rows, title", async () => {
    const body = `<text:h text:outline-level="1">Kết quả công tác</text:h><text:p>${BODY}</text:p>
      <table:table><table:table-row><table:table-cell><text:p>Số vụ</text:p></table:table-cell><table:table-cell><text:p>125<text:s/>vụ</text:p></table:table-cell></table:table-row></table:table>`;
    const read = textOf(await readReportFile(makeOdt(body, "Báo cáo kết quả công tác năm"), "bao-cao.odt"));
    expect(read.title).toBe("Báo cáo kết quả công tác năm");
    expect(read.date).toBe("2021-03-04");
    expect(read.headings?.[0]?.text).toBe("Kết quả công tác");
    expect(read.text.split("\n")).toContain("Số vụ | 125 vụ");
  });
});

describe("choosing the reader by content", () => {
  it("refuses content that does not match the extension, and names what it is", () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
    const refusal = (bytes: Uint8Array, name: string) => {
      const sniffed = sniffFormat(bytes, name);
      return sniffed.ok ? "accepted" : englishReason(sniffed.reason);
    };
    expect(refusal(exe, "bao-cao.pdf")).toBe("the content is a Windows program (.exe), not what its extension .pdf says");
    expect(refusal(new TextEncoder().encode("%PDF-1.7\n"), "bao-cao.docx")).toBe("the content is a PDF, not what its extension .docx says");
    expect(refusal(new TextEncoder().encode("%PDF-1.7\n"), "bao-cao.txt")).toBe("the content is a PDF, not plain text");
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "cu.doc")).toEqual({ ok: true, format: "doc" });
    expect(refusal(new TextEncoder().encode("Báo cáo"), "x.xlsx")).toMatch(/^not a report file/);
  });

  it("skips a damaged Word 97–2003 file with the parser's reason", async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const result = await readReportFile(ole, "hong.doc");
    expect(result.ok).toBe(false);
    expect(!result.ok && englishReason(result.reason)).toMatch(/^not a readable Word 97–2003 document/);
  });
});
