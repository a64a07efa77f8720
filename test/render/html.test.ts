import { describe, expect, it } from "vitest";
import { loadMessages } from "../../src/render/messages.ts";
import { citationHtml, highlightRuns } from "../../src/render/html.ts";
import type { AnswerItem } from "../../src/answer/types.ts";
import { htmlProblems, visibleText } from "./html-check.ts";

const messages = loadMessages();

function citation(over: Partial<AnswerItem["citation"]> = {}): AnswerItem["citation"] {
  return { n: 1, docId: "doc1", title: "Báo cáo số 1", date: "2024-01-04", file: "001_report.txt", paragraphStart: 3, paragraphEnd: 4, paragraphCount: 10, ...over };
}

// The citations under a written answer (render/written.ts): each cited passage's source and text.
describe("citationHtml and highlightRuns", () => {
  it("names the passage with its number, title, date and paragraphs, in the asker's language", () => {
    expect(citationHtml(citation(), "vi", messages)).toBe("<b>[1] Báo cáo số 1</b>\n<i>04/01/2024 · đoạn văn 3–4</i>");
    expect(citationHtml(citation(), "en", messages)).toBe("<b>[1] Báo cáo số 1</b>\n<i>2024-01-04 · paragraphs 3–4</i>");
    expect(citationHtml(citation({ date: undefined }), "en", messages)).toContain("<i>paragraphs"); // no date is stated, so none is shown
  });

  it("escapes a hostile title and links only http(s) sources", () => {
    const hostile = 'A <b>bold</b> & </blockquote> <a href="javascript:x">x</a>';
    const html = citationHtml(citation({ title: hostile, url: "javascript:alert(1)" }), "vi", messages);
    expect(htmlProblems(html)).toEqual([]);
    expect(visibleText(html)).toContain(`[1] ${hostile}`);
    expect(html).not.toContain("<a ");
    expect(citationHtml(citation({ url: "https://example.org/a?b=1&c=2" }), "vi", messages)).toContain('<a href="https://example.org/a?b=1&amp;c=2">');
  });

  it("marks the best sentence of a passage bold, and survives a highlight outside the text", () => {
    const text = "Câu đầu. Trưởng ban chủ trì hội nghị. Câu cuối.";
    const start = text.indexOf("Trưởng");
    const end = text.indexOf(" Câu cuối");
    expect(highlightRuns({ text, highlight: { start, end } })).toEqual([{ text: "Câu đầu. " }, { text: "Trưởng ban chủ trì hội nghị.", bold: true }, { text: " Câu cuối." }]);
    expect(highlightRuns({ text, highlight: { start: 40, end: 999 } }).map((r) => r.text).join("")).toBe(text);
  });
});
