import { describe, expect, it } from "vitest";
import { loadMessages, splitMessage } from "../../src/render/mod.ts";
import { draftHtml, fallbackBlocks, renderFallbackText, renderWrittenText, writtenAnswerBlocks } from "../../src/render/mod.ts";
import { removeLinks } from "../../src/llm/mod.ts";
import { htmlProblems, visibleText } from "./html-check.ts";
import { answerOf, item } from "../llm/fixtures.ts";
import { extractAnswer } from "../../src/answer/mod.ts";
import { doc, hit, passage, result } from "../answer/fixtures.ts";

const messages = loadMessages();
const answer = answerOf("Ai chủ trì?", [item(1, "Ông A chủ trì hội nghị."), item(2, "Có 360 hội nghị."), item(3, "Đoạn ba nói về thời tiết.")]);
const html = (blocks: ReturnType<typeof writtenAnswerBlocks>) => splitMessage(blocks).join("\n\n");

describe("removeLinks", () => {
  it("replaces URLs, bare domains, e-mail addresses and @usernames, keeping the sentence's punctuation", () => {
    const r = removeLinks("Xem https://evil.example/a?b=1, www.x.org và evil.com/login. Gửi tới hr@evil.com hoặc @support_bot!", "(link)");
    expect(r.text).toBe("Xem (link), (link) và (link). Gửi tới (link) hoặc (link)!");
    expect(r.count).toBe(5);
  });

  it("leaves Vietnamese abbreviations, numbers and citations alone", () => {
    const text = "TP.HCM và v.v. có 3.5 triệu người [1]; Nghị định 15/2020/NĐ-CP.";
    expect(removeLinks(text, "(link)")).toEqual({ text, count: 0 });
  });
});

describe("writtenAnswerBlocks", () => {
  const written = { text: "Ông A chủ trì [1]. Có 360 hội nghị [2].", cited: [1, 2], removed: [9] };

  it("shows the answer, a note on removed citations, then exactly the cited passages with their citations", () => {
    const out = html(writtenAnswerBlocks(answer, written, messages));
    expect(htmlProblems(out)).toEqual([]);
    const text = visibleText(out);
    expect(text).toMatch(/^✍️ Trả lời cho «Ai chủ trì\?» — do mô hình ngôn ngữ viết/);
    expect(text).toContain("Ông A chủ trì [1]. Có 360 hội nghị [2].");
    expect(text).toContain("Đã bỏ trích dẫn không ứng với đoạn trích nào: [9].");
    expect(text).toContain("[1] Báo cáo số 1");
    expect(text).toContain("[2] Báo cáo số 2");
    expect(text).not.toContain("[3] Báo cáo số 3");
    expect(text).not.toContain("thời tiết");
    expect(out).toMatch(/<blockquote expandable><b>Ông A chủ trì hội nghị\.<\/b><\/blockquote>/);
  });

  it("escapes the model's markup and removes its links", () => {
    const hostile = { text: 'Ông A <b>chủ trì</b> & <a href="http://evil.example">bấm vào</a> [1]. **Quan trọng** [2]', cited: [1, 2], removed: [] };
    const out = html(writtenAnswerBlocks(answer, hostile, messages));
    expect(htmlProblems(out)).toEqual([]);
    expect(out).not.toContain("<a ");
    expect(out).not.toContain("evil.example");
    expect(out).toContain("&lt;b&gt;chủ trì&lt;/b&gt; &amp;");
    expect(out).toContain("<b>Quan trọng</b>");
    expect(visibleText(out)).toContain('<a href="(đã bỏ liên kết)">bấm vào</a> [1].');
  });

  it("splits a long answer into well-formed messages under the limit", () => {
    const long = { text: Array.from({ length: 60 }, (_, i) => `Câu số ${i} <dài> & dài dài dài dài dài dài dài dài dài dài dài [${(i % 2) + 1}].`).join(" "), cited: [1, 2], removed: [] };
    const parts = splitMessage(writtenAnswerBlocks(answer, long, messages));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(htmlProblems(p)).toEqual([]);
      expect(p.length).toBeLessThanOrEqual(4096);
    }
  });
});

describe("fallbackBlocks and the terminal texts", () => {
  it("puts a note saying why above the reply given without an LLM (the answer first, sources by report), in the asker's language", async () => {
    const report = doc("001_report.txt", { title: "Hội nghị sơ kết công tác dân vận", date: "2024-01-04" });
    const found = passage(report, 0, 0, "Chiều 4/1 hội nghị sơ kết diễn ra. Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.", [2, 3]);
    const data = await extractAnswer(result("Who chaired the hội nghị sơ kết?", [hit(report, found, 1, 0.6)]), { pageSize: 5, lang: "en" });
    const out = visibleText(splitMessage(fallbackBlocks(data, "uncited", messages)).join("\n"));
    expect(out).toMatch(/^The language model's answer cited no passage, so it is not shown; here are the passages from the reports\.\n\n/);
    expect(out).toContain("Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết. [1]");
    expect(out.match(/Hội nghị sơ kết công tác dân vận/g)).toHaveLength(1);
    expect(visibleText(splitMessage(fallbackBlocks({ ...data, lang: "vi" }, "failed", messages)).join("\n"))).toMatch(/^Lần này không có câu trả lời viết/);
    const text = renderFallbackText({ ...data, lang: "vi" }, "not_found", messages);
    expect(text).toMatch(/^\(Mô hình ngôn ngữ không thấy câu trả lời[^]*Đại tá Nguyễn Hồng Phong chủ trì/);
  });

  it("prints the written answer and only its cited passages in the terminal", () => {
    const text = renderWrittenText(answer, { text: "Ông A chủ trì [1]. Xem http://x.com", cited: [1], removed: [] }, messages);
    expect(text).toMatch(/^✍️ Trả lời cho «Ai chủ trì\?»[^\n]*\n\nÔng A chủ trì \[1\]\. Xem \(đã bỏ liên kết\)\n\n/);
    expect(text).toContain("[1] Báo cáo số 1");
    expect(text).not.toContain("[2] Báo cáo số 2");
  });
});

describe("draftHtml", () => {
  it("says the answer is being written, then shows the part written so far, escaped", () => {
    expect(visibleText(draftHtml(undefined, "en", messages))).toBe("✍️ Writing an answer from the passages found…");
    const d = draftHtml({ text: "Ông <A> [1]", cited: [1], removed: [] }, "vi", messages);
    expect(htmlProblems(d)).toEqual([]);
    expect(visibleText(d)).toBe("✍️ Đang viết câu trả lời từ các đoạn trích tìm được…\n\nÔng <A> [1] …");
  });

  it("keeps a very long draft within one message, even when escaping lengthens it", () => {
    for (const text of ["chữ ".repeat(3000), "&".repeat(5000)]) {
      const d = draftHtml({ text, cited: [1], removed: [] }, "vi", messages);
      expect(d.length).toBeLessThanOrEqual(4096);
      expect(htmlProblems(d)).toEqual([]);
    }
  });
});
