import { describe, expect, it } from "vitest";
import { holdsSnippet, longestCommonRun, matchWords, requiredRun } from "../../src/eval/mod.ts";

const passage = matchWords(
  "Chiều 4/1, Ban Dân vận Tỉnh ủy và Công an tỉnh tổ chức hội nghị sơ kết. Trưởng ban Dân vận Tỉnh ủy Trương Thanh Huyền và Đại tá Nguyễn Hồng Phong - Giám đốc Công an tỉnh chủ trì hội nghị.",
);

describe("passage holds a gold snippet", () => {
  it("matches the whole snippet regardless of case, Unicode form, spacing and punctuation", () => {
    expect(holdsSnippet(passage, "trưởng ban dân vận tỉnh ủy TRƯƠNG THANH HUYỀN")).toBe(true);
    // decomposed accents (NFD) and odd spacing around a dash
    expect(holdsSnippet(passage, "Đại tá Nguyễn Hồng Phong-  Giám đốc".normalize("NFD"))).toBe(true);
  });

  it("matches a snippet when at least half of its words occur in a row, not when fewer do", () => {
    // 8 words; the first 4 are in the passage in a row, the last 4 are not.
    expect(holdsSnippet(passage, "Công an tỉnh chủ trì buổi gặp mặt đầu xuân")).toBe(true);
    // 8 words; only 3 in a row match ("chủ trì hội"), below half.
    expect(holdsSnippet(passage, "ông Lê Văn Tám chủ trì hội thảo")).toBe(false);
    // every word occurs somewhere, but scattered: no run of half
    expect(holdsSnippet(passage, "hội nghị tỉnh Công chủ Trưởng")).toBe(false);
  });

  it("needs a one-word snippet as a whole word, and never matches an empty one", () => {
    expect(holdsSnippet(passage, "Huyền")).toBe(true);
    expect(holdsSnippet(passage, "Huy")).toBe(false);
    expect(holdsSnippet(passage, " … ")).toBe(false);
  });

  it("measures the longest common run of words and the half rule rounds up", () => {
    expect(longestCommonRun(["a", "b", "c", "d"], ["x", "b", "c", "y"])).toBe(2);
    expect(longestCommonRun(["a", "b"], ["c"])).toBe(0);
    expect(requiredRun(1)).toBe(1);
    expect(requiredRun(5)).toBe(3);
    expect(requiredRun(6)).toBe(3);
  });
});
