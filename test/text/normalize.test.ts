import { describe, expect, it } from "vitest";
import { normalizeText } from "../../src/text/mod.ts";

describe("normalizeText", () => {
  it("makes precomposed and combining-accent spellings of the same words equal", () => {
    const composed = "Đoàn giám sát Nghị quyết";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(normalizeText(decomposed)).toBe(normalizeText(composed));
  });

  it("lower-cases, including Vietnamese capitals", () => {
    expect(normalizeText("ỦY BAN NHÂN DÂN TỈNH")).toBe("ủy ban nhân dân tỉnh");
  });

  it("unifies typographic quotes, dashes and whitespace", () => {
    expect(normalizeText("“Dân vận khéo”\u00A0–\u2009‘mô hình’\n\n2016—2021")).toBe("\"dân vận khéo\" - 'mô hình' 2016-2021");
  });

  it("drops invisible characters that would split a word", () => {
    expect(normalizeText("an\u200Bninh tr\u00ADật tự\uFEFF")).toBe("anninh trật tự");
  });

  it("writes the tone of -oa, -oe, -uy syllables in one place, so both spellings match", () => {
    expect(normalizeText("Uỷ ban")).toBe(normalizeText("Ủy ban"));
    expect(normalizeText("hoà bình")).toBe(normalizeText("hòa bình"));
    expect(normalizeText("sức khoẻ")).toBe(normalizeText("sức khỏe"));
    expect(normalizeText("thuỷ lợi")).toBe(normalizeText("thủy lợi"));
  });

  it("leaves syllables whose tone position is not in doubt alone", () => {
    for (const word of ["quý", "hoàn", "thuyết", "ngoài", "khuya", "quà"]) {
      expect(normalizeText(word)).toBe(word);
    }
  });
});
