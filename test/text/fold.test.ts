import { describe, expect, it } from "vitest";
import { foldDiacritics, hasVietnameseDiacritics } from "../../src/text/mod.ts";

/** Base vowels (with their own marks: breve, circumflex, horn) and what they fold to. */
const VOWELS: [string, string][] = [
  ["a", "a"], ["ă", "a"], ["â", "a"], ["e", "e"], ["ê", "e"], ["i", "i"],
  ["o", "o"], ["ô", "o"], ["ơ", "o"], ["u", "u"], ["ư", "u"], ["y", "y"],
];
/** No tone, huyền, sắc, hỏi, ngã, nặng (as combining marks). */
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];

describe("foldDiacritics", () => {
  it("folds every Vietnamese vowel with every tone, lower and upper case", () => {
    let checked = 0;
    for (const [vowel, plain] of VOWELS) {
      for (const tone of TONES) {
        const letter = (vowel + tone).normalize("NFC");
        expect(letter).toHaveLength(1); // a real precomposed Vietnamese letter
        expect(foldDiacritics(letter)).toBe(plain);
        expect(foldDiacritics(letter.toUpperCase())).toBe(plain.toUpperCase());
        checked++;
      }
    }
    expect(checked).toBe(72);
  });

  it("turns đ into d and Đ into D", () => {
    expect(foldDiacritics("Đoàn đại biểu ĐẢNG")).toBe("Doan dai bieu DANG");
  });

  it("folds decomposed input the same as precomposed", () => {
    const s = "Nghị quyết 25 của Ban Dân vận Tỉnh ủy";
    expect(foldDiacritics(s.normalize("NFD"))).toBe(foldDiacritics(s));
    expect(foldDiacritics(s)).toBe("Nghi quyet 25 cua Ban Dan van Tinh uy");
  });

  it("leaves plain text, digits and punctuation unchanged", () => {
    const s = "Police report 2022-2026, no. 16.628!";
    expect(foldDiacritics(s)).toBe(s);
  });
});

describe("hasVietnameseDiacritics", () => {
  it("sees any tone mark, vowel mark or đ", () => {
    expect(hasVietnameseDiacritics("doan giam sát")).toBe(true);
    expect(hasVietnameseDiacritics("đi")).toBe(true);
    expect(hasVietnameseDiacritics("ĐI")).toBe(true);
    expect(hasVietnameseDiacritics("ơn")).toBe(true);
  });

  it("is false for text typed without diacritics", () => {
    expect(hasVietnameseDiacritics("doan giam sat nghi quyet 25")).toBe(false);
  });
});
