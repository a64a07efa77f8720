import { describe, expect, it } from "vitest";
import { documentTerms, lexicalTerms, queryTerms } from "../../src/text/mod.ts";

describe("lexicalTerms", () => {
  it("gives accented syllables, their folded forms and bigrams of both", () => {
    expect(lexicalTerms("Đoàn giám sát")).toEqual([
      "đoàn", "giám", "sát", "doan", "giam", "sat", "đoàn giám", "giám sát", "doan giam", "giam sat",
    ]);
  });

  it("adds folded forms only where folding changes something", () => {
    expect(lexicalTerms("an ninh")).toEqual(["an", "ninh", "an ninh"]);
  });
});

describe("documentTerms", () => {
  it("keeps compounds whole among the syllables and folds every term", () => {
    const t = documentTerms("Nghị quyết 25-NQ/TW");
    expect(t.exact).toEqual(["nghị", "quyết", "25", "nq", "tw", "25-nq/tw"]);
    expect(t.exactBigrams).toEqual(["nghị quyết", "quyết 25", "25 nq", "nq tw"]);
    expect(t.folded).toEqual(["nghi", "quyet", "25", "nq", "tw", "25-nq/tw"]);
    expect(t.foldedBigrams).toEqual(["nghi quyet", "quyet 25", "25 nq", "nq tw"]);
  });
});

describe("queryTerms", () => {
  it("drops question words as single syllables but keeps them in bigrams", () => {
    const t = queryTerms("Ai là trưởng đoàn?");
    expect(t.accented).toBe(true);
    expect(t.exact).toEqual(["là", "trưởng", "đoàn"]);
    expect(t.exactBigrams).toEqual(["ai là", "là trưởng", "trưởng đoàn"]);
  });

  it("searches only folded terms when the question has no diacritics at all", () => {
    const t = queryTerms("doan giam sat nghi quyet 25 gom bao nhieu thanh vien");
    expect(t.accented).toBe(false);
    expect(t.exact).toEqual([]);
    expect(t.exactBigrams).toEqual([]);
    expect(t.folded).toContain("doan");
    expect(t.folded).not.toContain("nhieu");
    expect(t.foldedBigrams).toContain("giam sat");
  });

  it("searches accented and folded terms when the question has diacritics", () => {
    const t = queryTerms("Đoàn giám sát");
    expect(t.exact).toEqual(["đoàn", "giám", "sát"]);
    expect(t.folded).toEqual(["doan", "giam", "sat"]);
  });
});
