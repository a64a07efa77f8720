import { describe, expect, it } from "vitest";
import { extractAnswer, extractMore, mergeTouching, windowAround } from "../../src/answer/mod.ts";
import { doc, hit, passage, result } from "./fixtures.ts";

const a = doc("a.txt", { title: "Hội nghị sơ kết ở Hà Tĩnh", date: "2024-01-04", organisation: "Ban Dân vận Tỉnh ủy" });
const b = doc("b.txt", { title: "Ký kết ở Hà Nội" });
// Report a: paragraphs at 0–60, 62–123 and 200–250; passages overlap by one sentence, as chunking does.
const p0 = passage(a, 0, 0, "Chiều 4/1 hội nghị sơ kết diễn ra. Có 360 hội nghị được tổ chức.", [1, 1]);
const p1 = passage(a, 1, 35, "Có 360 hội nghị được tổ chức.\n\nĐại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.", [1, 2]);
const p2 = passage(a, 2, 200, "Mô hình Dân vận khéo được nhân rộng ở xã Sơn Nga.", [5, 5]);
const q0 = passage(b, 0, 0, "Hội nghị ký kết ở Hà Nội do Thiếu tướng Đoàn Duy Khương chủ trì.", [1, 1]);

describe("merging a report's passages", () => {
  it("merges passages that overlap or touch into one run of report text, and keeps the rest apart", () => {
    const hits = [hit(a, p1, 1), hit(a, p2, 0.6), hit(a, p0, 0.7)];
    const runs = mergeTouching(hits, [0, 1, 2]);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.text).toBe("Chiều 4/1 hội nghị sơ kết diễn ra. Có 360 hội nghị được tổ chức.\n\nĐại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.");
    expect(runs[0]!.hits).toEqual([0, 2]);
    expect([runs[0]!.paragraphStart, runs[0]!.paragraphEnd]).toEqual([1, 2]);
    expect(runs[1]!.hits).toEqual([1]);
  });
});

describe("the window around the best sentence", () => {
  const text = "Một. Hai ba bốn năm sáu. Câu quan trọng nhất ở đây. Bảy tám chín mười. Mười một.";
  const focus = { start: text.indexOf("Câu"), end: text.indexOf("Bảy") - 1 };

  it("holds the best sentence and as many neighbours as fit, marking where it was cut", () => {
    const w = windowAround(text, focus, 66);
    expect(w.text.length).toBeLessThanOrEqual(66);
    expect(w.text.slice(w.highlight.start, w.highlight.end)).toBe("Câu quan trọng nhất ở đây.");
    expect(w.text).toContain("Hai ba bốn năm sáu.");
    expect(w.cutBefore).toBe(true);
    expect(w.cutAfter).toBe(true);
    expect(windowAround(text, focus, 500)).toMatchObject({ text, cutBefore: false, cutAfter: false });
  });

  it("keeps only the given clause of a best sentence longer than the window", () => {
    const long = `Mở đầu. ${"Rất dài, ".repeat(30)}ý chính ở đây, ${"vẫn dài, ".repeat(30)}hết.`;
    const clause = { start: long.indexOf("ý chính"), end: long.indexOf("ý chính") + "ý chính ở đây".length };
    const w = windowAround(long, clause, 100);
    expect(w.text.length).toBeLessThanOrEqual(100);
    expect(w.text.slice(w.highlight.start, w.highlight.end)).toBe("ý chính ở đây");
  });
});

describe("the answer as data", () => {
  const hits = [hit(a, p1, 1, 0.6), hit(a, p0, 0.8, 0.5), hit(b, q0, 0.7, 0.4), hit(a, p2, 0.2, 0.1)];

  it("answers first, then groups sources by report with touching passages merged and weak ones cut", async () => {
    const data = await extractAnswer(result("Ai chủ trì hội nghị sơ kết?", hits), { pageSize: 5 });
    expect(data.verdict).toBe("answered");
    expect(data.sentences[0]).toMatchObject({ text: "Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.", n: 1 });
    expect(data.groups.map((g) => g.docId)).toEqual(["a.txt", "b.txt"]);
    const [first] = data.groups[0]!.windows;
    expect(first!.hits).toEqual([0, 1]); // p1 and p0 overlap: one window
    expect(first!.text.slice(first!.highlight.start, first!.highlight.end)).toBe("Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.");
    expect(first!.focus).toEqual({ hit: 0, start: p1.text.indexOf("Đại tá"), end: p1.text.length });
    // p2 scores a fifth of the best: left for "more results"
    expect(data.shown).not.toContain(3);
    expect(data.next).toBe(3);
  });

  it("numbers windows in reading order and continues the numbering on the next page", async () => {
    const data = await extractAnswer(result("Ai chủ trì hội nghị sơ kết?", hits), { pageSize: 5 });
    const numbers = data.groups.flatMap((g) => g.windows.map((w) => w.n));
    expect(numbers).toEqual([1, 2]);
    const more = extractMore(result("Ai chủ trì hội nghị sơ kết?", hits), data.shown, 3, { pageSize: 5, verdict: data.verdict });
    expect(more.sentences).toEqual([]);
    expect(more.groups.flatMap((g) => g.windows.map((w) => [w.n, w.hits]))).toEqual([[3, [3]]]);
    expect(more.next).toBeUndefined();
  });

  it("finds nothing to say when no passage was found", async () => {
    const data = await extractAnswer(result("Ai chủ trì?", [], "none"), { pageSize: 5 });
    expect(data).toMatchObject({ verdict: "not_found", sentences: [], groups: [] });
  });
});
