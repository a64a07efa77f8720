import { describe, expect, it } from "vitest";
import { isGoldDocument, judgeSearch } from "../../src/eval/mod.ts";
import type { EvalQuestion } from "../../src/eval/mod.ts";
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import type { Hit } from "../../src/search/mod.ts";

const hit = (docId: string, ordinal: number, text: string): Hit => {
  const passage: IndexedPassage = { id: `${docId}:${ordinal}`, docId, ordinal, start: 0, end: text.length, paragraphStart: 1, paragraphEnd: 1, text, label: 0 };
  const document: DocumentEntry = { id: docId, file: docId, title: `Title of ${docId}`, contentHash: "h", passageCount: 3, paragraphCount: 3 };
  return { passage, document, score: 1 / (ordinal + 1) };
};

const question: EvalQuestion = {
  id: "q",
  question: "Ai chủ trì hội nghị?",
  docs: ["gold.txt"],
  gold: ["Đại tá Nguyễn Hồng Phong chủ trì hội nghị"],
  kind: "factoid",
  lang: "vi",
};

describe("judgeSearch", () => {
  it("ranks documents by their best passage and passages by whether they hold the gold snippet", () => {
    const hits = [
      hit("other.txt", 0, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị ở nơi khác."), // snippet, but not the gold document
      hit("other.txt", 1, "Một đoạn khác."),
      hit("sub/gold.txt", 0, "Hội nghị sơ kết năm 2023."), // gold document (in a sub-folder), no snippet
      hit("sub/gold.txt", 1, "Sáng nay, Đại tá Nguyễn Hồng Phong chủ trì hội nghị."),
    ];
    const o = judgeSearch(question, { asked: question.question, hits, found: true, ms: 1 }, 10);
    expect(o.docRank).toBe(2);
    expect(o.passageRank).toBe(4);
    expect(o.results.map((r) => [r.goldDoc, r.goldPassage])).toEqual([
      [false, false],
      [false, false],
      [true, false],
      [true, true],
    ]);
    expect(o.answerable).toBe(true);
    expect(o.diacritics).toBe("with");
  });

  it("counts nothing beyond depth k and keeps only k results", () => {
    const hits = [hit("a.txt", 0, "x"), hit("b.txt", 0, "y"), hit("gold.txt", 0, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị")];
    const o = judgeSearch(question, { asked: question.question, hits, found: true, ms: 1 }, 2);
    expect(o.docRank).toBeUndefined();
    expect(o.passageRank).toBeUndefined();
    expect(o.results).toHaveLength(2);
  });

  it("labels diacritics by how the question was asked, and n/a for other languages", () => {
    const asked = "Ai chu tri hoi nghi?";
    expect(judgeSearch(question, { asked, hits: [], found: false, ms: 1 }, 5).diacritics).toBe("without");
    expect(judgeSearch({ ...question, lang: "en" }, { asked: "Who chaired it?", hits: [], found: false, ms: 1 }, 5).diacritics).toBe("n/a");
  });

  it("matches gold documents by path or by base name", () => {
    expect(isGoldDocument("gold.txt", ["gold.txt"])).toBe(true);
    expect(isGoldDocument("reports/gold.txt", ["gold.txt"])).toBe(true);
    expect(isGoldDocument("reports/gold.txt", ["reports/gold.txt"])).toBe(true);
    expect(isGoldDocument("gold.txt.bak", ["gold.txt"])).toBe(false);
  });
});
