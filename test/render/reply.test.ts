import { describe, expect, it } from "vitest";
import { extractAnswer, isKeywordQuery } from "../../src/answer/mod.ts";
import type { AnswerData } from "../../src/answer/mod.ts";
import { fitReply, htmlToTerminal, loadMessages, PLAIN, replyHtml, replyText, TERMINAL_BOLD } from "../../src/render/mod.ts";
import { doc, hit, passage, result } from "../answer/fixtures.ts";
import { htmlProblems } from "./html-check.ts";

const messages = loadMessages();
const a = doc("000_b006b8f58c796141.txt", { title: "Phối hợp hiệu quả công tác dân vận", date: "2024-01-04", organisation: "Ban Dân vận Tỉnh ủy" });
const untitled = doc("003_e6f03f477db70e45.txt", { title: "003_e6f03f477db70e45" });
const p0 = passage(a, 0, 0, "Chiều 4/1 hội nghị sơ kết diễn ra. Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết <năm 2024> & tổng kết.", [2, 3]);
const p1 = passage(a, 1, 500, "Các mô hình dân vận khéo phát huy hiệu quả trong hội nghị.", [7, 7]);
const q0 = passage(untitled, 0, 0, "Hội nghị ký kết ở Hà Nội do Thiếu tướng Đoàn Duy Khương chủ trì.", [1, 1]);
const hits = [hit(a, p0, 1, 0.6), hit(untitled, q0, 0.8, 0.4), hit(a, p1, 0.7, 0.3)];

async function answer(question: string): Promise<AnswerData> {
  return extractAnswer(result(question, hits), { pageSize: 5 });
}

describe("the first reply", () => {
  it("escapes hostile text in a report's title and passage, and links only http(s) sources", async () => {
    const hostile = 'A <b>bold</b> & </blockquote> <a href="javascript:x">x</a>';
    const bad = doc("010_x.txt", { title: hostile, url: "javascript:alert(1)" });
    const good = doc("011_y.txt", { title: "Báo cáo có liên kết", url: "https://example.org/a?b=1&c=2" });
    const found = [
      hit(bad, passage(bad, 0, 0, `${hostile}. Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.`), 1, 0.6),
      hit(good, passage(good, 0, 0, "Hội nghị sơ kết do Đại tá Nguyễn Hồng Phong chủ trì."), 0.9, 0.5),
    ];
    const html = replyHtml(await extractAnswer(result("Ai chủ trì hội nghị sơ kết?", found), { pageSize: 5 }), messages).join("\n");
    expect(htmlProblems(html)).toEqual([]);
    expect(html).not.toContain("<b>bold</b>");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/blockquote&gt;");
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2">');
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it("puts the bold answer sentence with its [n] first, then the sources grouped by report", async () => {
    const data = await answer("Ai chủ trì hội nghị sơ kết?");
    const [html, ...rest] = replyHtml(data, messages);
    expect(rest).toEqual([]);
    expect(htmlProblems(html!)).toEqual([]);
    const lines = html!.split("\n");
    expect(lines[0]).toBe("Theo báo cáo:");
    expect(lines[1]).toBe("<b>Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết &lt;năm 2024&gt; &amp; tổng kết.</b> [1]");
    // each report named once, with its date and organisation, its windows under it
    expect(html!.match(/Phối hợp hiệu quả công tác dân vận/g)).toHaveLength(1);
    expect(html).toContain("<b>Phối hợp hiệu quả công tác dân vận</b>\n<i>04/01/2024 · Ban Dân vận Tỉnh ủy</i>\n[1] <i>đoạn văn 2</i>");
    expect(html).toContain("[2] <i>đoạn văn 7</i>");
    // the window is open (not collapsed), its best sentence bold
    expect(html).toMatch(/<blockquote>Chiều 4\/1 hội nghị sơ kết diễn ra\. <b>Đại tá Nguyễn Hồng Phong/);
    expect(html).not.toContain("expandable");
    // a report without a title is named by its file, and only then
    expect(html).toContain("<code>003_e6f03f477db70e45.txt</code>");
    expect(html).not.toContain("000_b006b8f58c796141.txt");
    expect(html).not.toContain("không rõ ngày");
    expect(html!.indexOf("Phối hợp hiệu quả")).toBeLessThan(html!.indexOf("003_e6f03f477db70e45.txt"));
  });

  it("is in English for an English question, and says 'paragraph', not 'passage'", async () => {
    const data = await extractAnswer(result("Who chaired the hội nghị sơ kết?", hits), { pageSize: 5, lang: "en" });
    const html = replyHtml(data, messages)[0]!;
    expect(data.lang).toBe("en");
    expect(html).toMatch(/paragraphs? \d/);
    expect(html).not.toMatch(/đoạn/);
  });

  it("an uncertain reply says so first and does not present the sentence as an answer", async () => {
    const data = await extractAnswer(result("Hội nghị sơ kết tốn bao nhiêu kinh phí?", hits), { pageSize: 5 });
    expect(data.verdict).toBe("uncertain");
    const html = replyHtml(data, messages)[0]!;
    expect(html.split("\n")[0]).toBe("<i>Tôi không chắc các báo cáo trả lời câu hỏi này. Các đoạn trích gần nhất, câu gần nhất in đậm:</i>");
    expect(html).not.toContain("Theo báo cáo:");
  });

  it("a not-found reply says so and points to /sources", async () => {
    const data = await extractAnswer(result("Giá vàng?", [], "none"), { pageSize: 5 });
    expect(replyHtml(data, messages)).toEqual([`${messages.vi["answer.not_found"]}\n${messages.vi["answer.not_found_hint"]}`]);
  });

  it("fits the budget by leaving its last windows for 'more results', never the one the answer cites", async () => {
    const data = await answer("Ai chủ trì hội nghị sơ kết?");
    const full = replyHtml(data, messages)[0]!.length;
    const fitted = fitReply(data, messages, full - 1);
    expect(replyHtml(fitted, messages)[0]!.length).toBeLessThan(full);
    expect(fitted.sentences[0]!.n).toBe(1);
    expect(fitted.groups.flatMap((g) => g.windows.map((w) => w.n))).toEqual([1, 2]);
    expect(fitted.next).toBe(1); // the untitled report's window, numbered last, waits for "more results"
    expect(fitReply(data, messages, 100).groups.flatMap((g) => g.windows)).toHaveLength(1);
  });
});

describe("a few keywords instead of a question", () => {
  it("says what the reports write about the topic rather than presenting an answer to a question nobody asked", async () => {
    const topic = await extractAnswer(result("hội nghị sơ kết", hits), { pageSize: 5 });
    expect(topic.verdict).toBe("answered");
    expect(replyHtml(topic, messages)[0]!.split("\n")[0]).toBe("Các báo cáo viết về «hội nghị sơ kết»:");
    expect(replyText(topic, messages, PLAIN).split("\n")[0]).toBe("Các báo cáo viết về «hội nghị sơ kết»:");
    expect(replyHtml({ ...topic, lang: "en" }, messages)[0]!.split("\n")[0]).toBe("What the reports say about “hội nghị sơ kết” (quoted in Vietnamese):");
    const asked = await answer("hội nghị sơ kết do ai chủ trì");
    expect(replyHtml(asked, messages)[0]!.split("\n")[0]).toBe("Theo báo cáo:");
  });

  it("names the topic in the \"not sure\" and \"nothing found\" replies too", async () => {
    const topic = await extractAnswer(result("hội nghị sơ kết", hits), { pageSize: 5 });
    expect(replyHtml({ ...topic, verdict: "uncertain" }, messages)[0]!.split("\n")[0]).toBe("<i>Tôi không chắc các báo cáo có nói về «hội nghị sơ kết». Các đoạn trích gần nhất, câu gần nhất in đậm:</i>");
    const nothing = await extractAnswer(result("lương tối thiểu vùng", []), { pageSize: 5 });
    expect(nothing.verdict).toBe("not_found");
    expect(replyHtml(nothing, messages)[0]).toBe("Các báo cáo đã lập chỉ mục không có thông tin về «lương tối thiểu vùng».\nGõ /sources để xem danh sách báo cáo.");
    expect(replyText({ ...nothing, lang: "en" }, messages, PLAIN).split("\n")[0]).toBe("The indexed reports have nothing about “lương tối thiểu vùng”.");
  });

  it("tells keywords from questions typed with or without diacritics, marks or question words", () => {
    for (const q of ["ANTT", "lương tối thiểu vùng", "quy dinh nghi phep"]) expect(isKeywordQuery(q)).toBe(true);
    for (const q of ["Ai?", "ANTT là gì", "hoi nghi do ai chu tri", "What is ANTT", "bao nhieu ban ANTT", "mô hình dân vận khéo ở Phú Thọ năm 2019"]) expect(isKeywordQuery(q)).toBe(false);
  });
});

describe("the reply in a terminal", () => {
  it("has the same layout, bold as terminal bold, plain without", async () => {
    const data = await answer("Ai chủ trì hội nghị sơ kết?");
    const plain = replyText(data, messages, PLAIN);
    expect(plain.split("\n").slice(0, 2)).toEqual(["Theo báo cáo:", "Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết <năm 2024> & tổng kết. [1]"]);
    expect(plain).toContain("📄 Phối hợp hiệu quả công tác dân vận\n   04/01/2024 · Ban Dân vận Tỉnh ủy\n[1] đoạn văn 2\n    Chiều 4/1");
    expect(plain).not.toContain("\u001b[");
    const bold = replyText(data, messages, TERMINAL_BOLD);
    expect(bold.split("\n")[1]).toBe("\u001b[1mĐại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết <năm 2024> & tổng kết.\u001b[22m [1]");
    expect(htmlToTerminal("<b>A &amp; B</b> <i>c</i>", TERMINAL_BOLD)).toBe("\u001b[1mA & B\u001b[22m c");
  });

  it("shows a paragraph break inside a quote as one line break, as the bot does", async () => {
    const d = doc("013_p.txt", { title: "Hai đoạn văn" });
    const found = [hit(d, passage(d, 0, 0, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.\n\nCác đại biểu thảo luận sôi nổi.", [2, 3]), 1, 0.6)];
    const data = await extractAnswer(result("Ai chủ trì hội nghị sơ kết?", found), { pageSize: 5 });
    expect(replyText(data, messages, PLAIN)).toContain("    Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.\n    Các đại biểu thảo luận sôi nổi.");
    expect(replyHtml(data, messages)[0]).toContain("sơ kết.</b>\nCác đại biểu");
  });
});

describe("where a quoted window is cut", () => {
  const long = doc("012_z.txt", { title: "Báo cáo dài" });
  const sentences = [
    "Năm 2023 công an huyện tổ chức nhiều đợt tuyên truyền.",
    "Ban chỉ đạo huyện đã giải quyết 87 đơn thư khiếu nại, đạt tỷ lệ 95%.",
    `Các xã ${"tiếp tục duy trì tổ tự quản và tuần tra ban đêm ".repeat(8)}trên địa bàn`,
  ];
  const found = [hit(long, passage(long, 0, 0, `${sentences.join(" ")}.`), 1, 0.6)];

  it("sets the mark apart after a finished sentence, in the bot and in the terminal", async () => {
    const data = await extractAnswer(result("Ban chỉ đạo huyện đã giải quyết bao nhiêu đơn thư khiếu nại?", found), { pageSize: 5 });
    const window = data.groups[0]!.windows[0]!;
    expect(window.cutAfter).toBe(true);
    const html = replyHtml(data, messages).join("\n");
    expect(html).toContain("95%.</b> …</blockquote>");
    expect(html).not.toContain(".…");
    expect(replyText(data, messages, PLAIN)).toContain("95%. …");
  });

  it("marks an answer cut from a sentence too long to show whole, and the window cut inside a word's sentence", async () => {
    const data = await extractAnswer(result("Các xã duy trì tổ tự quản và tuần tra ban đêm trên địa bàn ra sao?", found), { pageSize: 5 });
    expect(data.sentences[0]!.cutAfter).toBe(true);
    const [lead, first] = replyHtml(data, messages)[0]!.split("\n");
    expect(lead).toBe("Theo báo cáo:");
    expect(first).toMatch(/^<b>Các xã tiếp tục .*\p{L}<\/b>… \[1\]$/u);
    expect(replyText(data, messages, PLAIN).split("\n")[1]).toMatch(/^Các xã tiếp tục .*\p{L}… \[1\]$/u);
  });

  it("leaves an answer that is a whole sentence unmarked", async () => {
    const data = await extractAnswer(result("Ban chỉ đạo huyện đã giải quyết bao nhiêu đơn thư khiếu nại?", found), { pageSize: 5 });
    expect(replyHtml(data, messages)[0]!.split("\n")[1]).toBe("<b>Ban chỉ đạo huyện đã giải quyết 87 đơn thư khiếu nại, đạt tỷ lệ 95%.</b> [1]");
  });
});
