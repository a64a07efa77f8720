import { describe, expect, it } from "vitest";
import { foldDiacritics, foldedWords, tokenize } from "../../src/text/mod.ts";

describe("foldedWords", () => {
  it("gives the words in order, lower case, without diacritics (đ → d)", () => {
    expect(foldedWords("Đoàn giám sát Nghị quyết, Công an TP.HCM!")).toEqual(["doan", "giam", "sat", "nghi", "quyet", "cong", "an", "tp", "hcm"]);
  });

  it("reads decomposed (NFD) text and either tone-mark placement the same as composed text", () => {
    const composed = "Ủy ban Thủ tướng";
    expect(foldedWords(composed.normalize("NFD"))).toEqual(foldedWords(composed));
    expect(foldedWords("Uỷ ban")).toEqual(foldedWords("Ủy ban"));
  });

  it("keeps formatted numbers whole and splits other compounds into their parts", () => {
    expect(foldedWords("16.628 lượt, 3,5 tỷ; Nghị quyết 25-NQ/TW giai đoạn 2022-2026.")).toEqual([
      "16.628", "luot", "3,5", "ty", "nghi", "quyet", "25", "nq", "tw", "giai", "doan", "2022", "2026",
    ]);
  });

  it("drops emoji and punctuation, and agrees with the index's tokenizer on plain words", () => {
    expect(foldedWords("🙂 công an 🚓 -- ")).toEqual(["cong", "an"]);
    const sentence = "Ban Dân vận Tỉnh ủy và Công an tỉnh tổ chức hội nghị sơ kết chương trình phối hợp";
    expect(foldedWords(sentence)).toEqual(tokenize(sentence).map(foldDiacritics));
  });
});
