import { describe, expect, it } from "vitest";
import { bestSentence, composeAnswer } from "../../src/answer/mod.ts";
import { loadMessages, renderAnswerText } from "../../src/render/mod.ts";
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import type { Hit, SearchResult } from "../../src/search/mod.ts";

const doc: DocumentEntry = {
  id: "bao-cao/ha-tinh.txt",
  file: "bao-cao/ha-tinh.txt",
  title: "Phối hợp công tác dân vận",
  date: "2024-01-04",
  contentHash: "abc",
  passageCount: 3,
  paragraphCount: 9,
};

const passage = (ordinal: number, text: string, paragraphs: [number, number]): IndexedPassage => ({
  id: `abc:${ordinal}`,
  docId: doc.id,
  ordinal,
  start: ordinal * 100,
  end: ordinal * 100 + text.length,
  paragraphStart: paragraphs[0],
  paragraphEnd: paragraphs[1],
  text,
  label: ordinal,
});

const hits: Hit[] = [
  { passage: passage(0, "Chiều 4/1, hội nghị sơ kết được tổ chức. Phối hợp tổ chức 360 hội nghị “Công an lắng nghe ý kiến Nhân dân”. Thời tiết đẹp.", [2, 3]), document: doc, score: 0.9, dense: 0.7, lexical: 0.8 },
  { passage: passage(1, "Năm 2023 có nhiều kết quả nổi bật.", [4, 4]), document: doc, score: 0.5 },
  { passage: passage(2, "Các mô hình Dân vận khéo phát huy hiệu quả.", [5, 5]), document: doc, score: 0.4 },
];

const result = (found: boolean, question = "Bao nhiêu hội nghị Công an lắng nghe ý kiến Nhân dân?"): SearchResult => ({
  question,
  hits,
  found,
  mode: "hybrid",
  timings: { embedMs: 1, searchMs: 1 },
});

describe("composeAnswer", () => {
  it("cites every passage with title, date, file and paragraphs, numbered in rank order", () => {
    const answer = composeAnswer(result(true), { offset: 0, count: 2 });
    expect(answer.lang).toBe("vi");
    expect(answer.items.map((i) => i.n)).toEqual([1, 2]);
    expect(answer.items[0]!.citation).toMatchObject({ title: doc.title, date: "2024-01-04", file: doc.file, paragraphStart: 2, paragraphEnd: 3, paragraphCount: 9 });
    expect(answer.total).toBe(3);
  });

  it("numbers a later page from its offset", () => {
    const answer = composeAnswer(result(true), { offset: 2, count: 2 });
    expect(answer.items.map((i) => [i.n, i.passageId])).toEqual([[3, "abc:2"]]);
  });

  it("gives no passages when the reports do not answer", () => {
    const answer = composeAnswer(result(false), { offset: 0, count: 5 });
    expect(answer.found).toBe(false);
    expect(answer.items).toEqual([]);
  });

  it("answers an English question in English", () => {
    expect(composeAnswer(result(true, "How many listening conferences were held?"), { offset: 0, count: 1 }).lang).toBe("en");
  });
});

describe("bestSentence", () => {
  it("marks the sentence sharing most with the question, typed with or without diacritics", () => {
    const text = hits[0]!.passage.text;
    for (const q of ["Bao nhiêu hội nghị Công an lắng nghe ý kiến Nhân dân?", "bao nhieu hoi nghi cong an lang nghe y kien nhan dan"]) {
      const { start, end } = bestSentence(text, q);
      expect(text.slice(start, end)).toBe("Phối hợp tổ chức 360 hội nghị “Công an lắng nghe ý kiến Nhân dân”.");
    }
  });
});

describe("renderAnswerText", () => {
  const messages = loadMessages();
  it("prints the citation line and brackets the best sentence", () => {
    const text = renderAnswerText(composeAnswer(result(true), { offset: 0, count: 1 }), messages);
    expect(text).toContain("[1] Phối hợp công tác dân vận");
    expect(text).toContain("04/01/2024 · tệp bao-cao/ha-tinh.txt · đoạn 2–3");
    expect(text).toContain("»Phối hợp tổ chức 360 hội nghị “Công an lắng nghe ý kiến Nhân dân”.«");
  });
  it("says plainly when the reports do not answer, and points to /sources", () => {
    const text = renderAnswerText(composeAnswer(result(false), { offset: 0, count: 5 }), messages);
    expect(text).toMatch(/không có thông tin/);
    expect(text).toContain("/sources");
  });
});
