/**
 * Bad documents are skipped with a reason a user can act on; odd but valid ones are read.
 */
import { describe, expect, it } from "vitest";
import { readReport } from "../../src/corpus/mod.ts";
import type { ReadOutcome, Report } from "../../src/corpus/mod.ts";
import { englishReason, englishWarning, loadMessages, warningText } from "../../src/render/mod.ts";

const REPORT = "Hội nghị sơ kết công tác dân vận năm 2023\n\nThứ Năm, 23/06/2022 13:04\n\nCông an tỉnh và Ban Dân vận Tỉnh ủy đã phối hợp chặt chẽ.\n\nDuy Linh\n";
const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, endian: "le" | "be", bom = true): Uint8Array {
  const units = [...(bom ? "\uFEFF" : ""), ...s].join("");
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    out[2 * i + (endian === "le" ? 0 : 1)] = c & 0xff;
    out[2 * i + (endian === "le" ? 1 : 0)] = c >> 8;
  }
  return out;
}

const reportOf = (outcome: ReadOutcome): Report => {
  if (!outcome.ok) throw new Error(`skipped: ${englishReason(outcome.skipped.reason)}`);
  return outcome.report;
};
const reasonOf = (outcome: ReadOutcome): string => {
  if (outcome.ok) throw new Error("expected the file to be skipped");
  return englishReason(outcome.skipped.reason);
};

describe("decoding", () => {
  it("reads UTF-8 with and without a BOM the same way", () => {
    const plain = reportOf(readReport(utf8(REPORT), "a.txt"));
    const bom = reportOf(readReport(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(REPORT)]), "a.txt"));
    expect(bom).toEqual(plain);
    expect(plain.title).toBe("Hội nghị sơ kết công tác dân vận năm 2023");
  });

  it.each(["le", "be"] as const)("reads UTF-16 %s when a BOM says so", (endian) => {
    const report = reportOf(readReport(utf16(REPORT, endian), "a.txt"));
    expect(report).toEqual(reportOf(readReport(utf8(REPORT), "a.txt")));
  });

  it("does not guess UTF-16 without a BOM", () => {
    expect(reasonOf(readReport(utf16(REPORT, "le", false), "a.txt"))).toMatch(/^binary file/);
  });

  it("refuses Latin-1 bytes that are not Vietnamese in a legacy encoding, saying where the first bad byte is", () => {
    const latin1 = Uint8Array.from("Le rapport décrit la situation à Hanoï en détail", (c) => c.charCodeAt(0) & 0xff);
    const reason = reasonOf(readReport(latin1, "latin1.txt"));
    expect(reason).toBe("not UTF-8 text (invalid byte 0xE9 at byte 12); save it as UTF-8");
  });

  it("refuses a UTF-16 file whose bytes are cut in half", () => {
    const bytes = utf16(REPORT, "le").slice(0, 11);
    expect(reasonOf(readReport(bytes, "a.txt"))).toMatch(/^not UTF-16LE text/);
  });

  it.each([
    ["an empty file", new Uint8Array(), "empty"],
    ["a whitespace-only file", utf8(" \n\t\r\n \u00A0"), "empty"],
    ["a file with NUL bytes", new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x41]), "binary file (contains NUL bytes)"],
    ["a file of control characters", utf8("ab\u0001\u0002\u0003\u0004cd\u0005\u0006efgh"), "binary file (43% control characters)"],
    ["a page that is only chrome", utf8("In trang\n|\nBình luận (0)\nLên đầu trang"), "no report text after removing page boilerplate"],
    ["a title with no text", utf8("Hội nghị sơ kết công tác dân vận năm 2023\n"), "no report text besides its title"],
  ])("skips %s", (_, bytes, reason) => {
    const outcome = readReport(bytes, "x.txt");
    expect(outcome).toMatchObject({ ok: false, skipped: { file: "x.txt" } });
    expect(reasonOf(outcome)).toBe(reason);
  });

  it("removes stray control characters from otherwise good text", () => {
    const report = reportOf(readReport(utf8(REPORT.replace("chặt chẽ", "chặt\u0007 chẽ")), "a.txt"));
    expect(report.text).toBe("Công an tỉnh và Ban Dân vận Tỉnh ủy đã phối hợp chặt chẽ.");
  });
});

describe("sidecar metadata", () => {
  it("overrides what the text states", () => {
    const report = reportOf(
      readReport(utf8(REPORT), "a.txt", {
        title: "Tiêu đề đúng",
        date: "2022-06-24",
        url: "https://example.org/bai-viet",
        organisation: "Công an tỉnh",
        author: "Phòng Tham mưu",
      }),
    );
    expect(report).toMatchObject({
      title: "Tiêu đề đúng",
      date: "2022-06-24",
      url: "https://example.org/bai-viet",
      organisation: "Công an tỉnh",
      author: "Phòng Tham mưu",
    });
    expect(report.dateText).toBeUndefined(); // "Thứ Năm, 23/06/2022" no longer describes the date
  });

  it("keeps what the text states for fields the sidecar leaves out", () => {
    const report = reportOf(readReport(utf8(REPORT), "a.txt", { url: "https://example.org/x" }));
    expect(report).toMatchObject({ title: "Hội nghị sơ kết công tác dân vận năm 2023", date: "2022-06-23", dateText: "Thứ Năm, 23/06/2022 13:04", author: "Duy Linh" });
  });

  it.each([
    ["a bad date", { date: "23/06/2022" }, "date: expected a date as YYYY-MM-DD"],
    ["an impossible date", { date: "2022-02-30" }, "date: expected a date as YYYY-MM-DD"],
    ["a non-web URL", { url: "file:///etc/passwd" }, "url: expected an http(s) URL"],
    ["an empty title", { title: "  " }, "title: must not be empty"],
    ["a misspelt key", { tittle: "x" }, 'unknown field "tittle" (the fields read are title, date, url, organisation and author)'],
    ["a title that is not text", { title: 5 }, "title: expected text"],
    ["not an object", ["title"], "expected a JSON object with the fields title, date, url, organisation and author"],
  ])("ignores a sidecar with %s, with a warning, and still indexes the report", (_, sidecar, problem) => {
    const outcome = readReport(utf8(REPORT), "dir/a.txt", sidecar);
    const report = reportOf(outcome);
    expect(report.title).toBe("Hội nghị sơ kết công tác dân vận năm 2023");
    expect(report.date).toBe("2022-06-23");
    expect(outcome.ok && outcome.warnings.map(englishWarning)).toEqual([`dir/a.meta.json: ignored (${problem}); the metadata found in the text is used`]);
  });

  it("tells a Vietnamese admin what is wrong with each field of a sidecar in Vietnamese", () => {
    const outcome = readReport(utf8(REPORT), "a.txt", { date: "23/06/2022", tittle: "x" });
    expect(outcome.ok && outcome.warnings.map((w) => warningText(loadMessages(), "vi", w))).toEqual([
      'a.meta.json: bị bỏ qua (date phải là ngày dạng YYYY-MM-DD, ví dụ 2024-01-04; không có trường "tittle" (chỉ đọc các trường title, date, url, organisation, author)); dùng thông tin tìm thấy trong văn bản',
    ]);
  });
});

describe("short reports: a note or a notice is indexed, not skipped", () => {
  it("a heading line and one paragraph: the heading is the title, the paragraph the body", () => {
    const r = reportOf(readReport(utf8("Thông báo\n\nCơ quan nghỉ lễ từ ngày 30/4 đến hết ngày 1/5, trực ban theo lịch đã gửi\n"), "tb.txt"));
    expect(r.title).toBe("Thông báo");
    expect(r.text).toContain("Cơ quan nghỉ lễ từ ngày 30/4");
  });

  it("a two-line note", () => {
    const r = reportOf(readReport(utf8("Họp giao ban thứ Hai\nPhòng họp tầng 3, 8 giờ sáng, các trưởng phòng dự đầy đủ\n"), "note.txt"));
    expect(r.title).toBe("Họp giao ban thứ Hai");
    expect(r.text).toContain("Phòng họp tầng 3");
  });

  it("a single paragraph: its first sentence is the title and it is the body", () => {
    const one = "Từ tuần sau các đơn vị nộp báo cáo tuần trước 16 giờ chiều thứ Sáu qua hộp thư chung của văn phòng";
    const r = reportOf(readReport(utf8(`${one}\n`), "one.txt"));
    expect(r.title).toBe(one);
    expect(r.text).toContain("16 giờ chiều thứ Sáu");
    const two = reportOf(readReport(utf8("Lịch trực đã thay đổi từ tuần này. Mọi người xem bảng mới ở phòng hành chính\n"), "two.txt"));
    expect(two.title).toBe("Lịch trực đã thay đổi từ tuần này.");
    expect(two.text).toContain("bảng mới ở phòng hành chính");
  });
});
