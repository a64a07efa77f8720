import { describe, expect, it } from "vitest";
import { loadMessages } from "../../src/render/messages.ts";
import { answerBlocks, renderAnswerHtml } from "../../src/render/html.ts";
import type { Answer, AnswerItem } from "../../src/answer/types.ts";
import { htmlProblems, visibleText } from "./html-check.ts";

const messages = loadMessages();

function item(n: number, text: string, over: Partial<AnswerItem["citation"]> = {}, highlight?: { start: number; end: number }): AnswerItem {
  return {
    n,
    passageId: `doc${n}:0`,
    text,
    highlight: highlight ?? { start: 0, end: text.length },
    score: 1 / n,
    citation: {
      n,
      docId: `doc${n}`,
      title: `Báo cáo số ${n}`,
      date: "2024-01-04",
      file: `00${n}_report.txt`,
      paragraphStart: 3,
      paragraphEnd: 3,
      paragraphCount: 10,
      ...over,
    },
  };
}

function answer(items: AnswerItem[], over: Partial<Answer> = {}): Answer {
  return { question: "Ai chủ trì hội nghị?", lang: "vi", found: items.length > 0, items, offset: 0, total: items.length, ...over };
}

describe("renderAnswerHtml", () => {
  it("shows a header, then each passage numbered with title, date, file and paragraph, quoted, best sentence in bold", () => {
    const text = "Câu đầu tiên nói về thời tiết. Trưởng ban Trương Thanh Huyền chủ trì hội nghị. Câu cuối.";
    const start = text.indexOf("Trưởng");
    const end = text.indexOf(" Câu cuối");
    const [html, ...rest] = renderAnswerHtml(answer([item(1, text, {}, { start, end }), item(2, "Đoạn thứ hai.", { paragraphEnd: 4 })]), messages);
    expect(rest).toEqual([]);
    expect(htmlProblems(html!)).toEqual([]);
    const lines = html!.split("\n");
    expect(visibleText(lines[0]!)).toContain("«Ai chủ trì hội nghị?»");
    expect(html).toContain("<b>[1] Báo cáo số 1</b>\n<i>04/01/2024 · tệp 001_report.txt · đoạn 3</i>");
    expect(html).toContain("<b>[2] Báo cáo số 2</b>\n<i>04/01/2024 · tệp 002_report.txt · đoạn 3–4</i>");
    expect(html).toContain(
      "<blockquote expandable>Câu đầu tiên nói về thời tiết. <b>Trưởng ban Trương Thanh Huyền chủ trì hội nghị.</b> Câu cuối.</blockquote>",
    );
    expect(html!.indexOf("[1]")).toBeLessThan(html!.indexOf("[2]"));
  });

  it("answers in English with English labels and ISO dates", () => {
    const [html] = renderAnswerHtml(answer([item(1, "Text.")], { question: "Who chaired it?", lang: "en" }), messages);
    expect(visibleText(html!)).toContain("“Who chaired it?”");
    expect(html).toContain("<i>2024-01-04 · file 001_report.txt · paragraph 3</i>");
    const [undated] = renderAnswerHtml(answer([item(1, "Text.", { date: undefined })], { lang: "en" }), messages);
    expect(undated).toContain("<i>undated · file");
  });

  it("escapes hostile text in the question, the title, the file name and the passage", () => {
    const hostile = 'A <b>bold</b> & </blockquote> "quoted" <a href="javascript:x">x</a>';
    const a = answer([item(1, `${hostile}. Second sentence & more.`, { title: hostile, file: "<x>&.txt" }, { start: 0, end: hostile.length + 1 })], { question: hostile });
    const html = renderAnswerHtml(a, messages).join("\n");
    expect(htmlProblems(html)).toEqual([]);
    const visible = visibleText(html);
    expect(visible).toContain(`[1] ${hostile}`);
    expect(visible).toContain(hostile);
    expect(visible).toContain("<x>&.txt");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).not.toContain('href="javascript');
  });

  it("links only http(s) sources", () => {
    const [linked] = renderAnswerHtml(answer([item(1, "T.", { url: "https://example.org/a?b=1&c=2" })]), messages);
    expect(linked).toContain('<a href="https://example.org/a?b=1&amp;c=2">');
    const [unlinked] = renderAnswerHtml(answer([item(1, "T.", { url: "javascript:alert(1)" })]), messages);
    expect(unlinked).not.toContain("<a ");
  });

  it("says plainly when the reports do not answer, and points to /sources", () => {
    const [vi] = renderAnswerHtml(answer([]), messages);
    expect(vi).toContain("không có thông tin");
    expect(vi).toContain("/sources");
    const [en] = renderAnswerHtml(answer([], { lang: "en" }), messages);
    expect(en).toBe("The indexed reports do not answer this question.\nSend /sources to see which reports are indexed.");
  });

  it("uses the 'more results' header with the range for later pages", () => {
    const [html] = renderAnswerHtml(answer([item(6, "Sáu."), item(7, "Bảy.")], { offset: 5, total: 9 }), messages);
    expect(visibleText(html!.split("\n")[0]!)).toBe("Thêm kết quả cho: «Ai chủ trì hội nghị?» (6–7)");
  });

  it("keeps a long answer under 4096 characters per message, split between passages", () => {
    const long = (n: number) => Array.from({ length: 40 }, (_, i) => `Câu ${i} của đoạn ${n} có nhiều chữ để dài thêm một chút nữa.`).join(" ");
    const items = [1, 2, 3, 4, 5].map((n) => item(n, long(n)));
    const out = renderAnswerHtml(answer(items), messages);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(htmlProblems(m)).toEqual([]);
    }
    // Each passage is whole in exactly one message.
    for (const n of [1, 2, 3, 4, 5]) expect(out.filter((m) => m.includes(`[${n}] Báo cáo`) && m.includes(`Câu 39 của đoạn ${n} `.trim()))).toHaveLength(1);
  });

  it("clips an absurdly long question in the header", () => {
    const blocks = answerBlocks(answer([item(1, "T.")], { question: "hỏi ".repeat(2000) }), messages);
    expect(blocks[0]!.html.length).toBeLessThan(400);
    expect(blocks[0]!.html).toContain("…");
  });
});
