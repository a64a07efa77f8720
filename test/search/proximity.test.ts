import { describe, expect, it } from "vitest";
import { PROXIMITY_WINDOW, proximityScore } from "../../src/search/proximity.ts";

const even = () => 1;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `chữ${i}`).join(" ");

describe("proximityScore", () => {
  it("is 1 when every question word sits inside one sentence-sized window", () => {
    const text = `${filler(30)} Ban Dân vận Tỉnh ủy phối hợp với Công an tỉnh. ${filler(30)}`;
    expect(proximityScore(["dan", "van", "cong", "an"], text, even)).toBe(1);
  });

  it("is lower when the same words are spread further apart than the window", () => {
    const together = `dân vận công an ${filler(60)}`;
    const apart = `dân vận ${filler(PROXIMITY_WINDOW + 5)} công an ${filler(30)}`;
    const terms = ["dan", "van", "cong", "an"];
    expect(proximityScore(terms, together, even)).toBe(1);
    expect(proximityScore(terms, apart, even)).toBeCloseTo(0.5, 12);
  });

  it("ignores diacritics on both sides, so a question typed on a phone scores the same", () => {
    expect(proximityScore(["nghi", "quyet", "25"], "Thực hiện Nghị quyết 25 của Trung ương", even)).toBe(1);
  });

  it("weighs each word by its rarity: a window holding the rare word beats one holding more common ones", () => {
    const rarity = (t: string) => (t === "huong" ? 5 : 1);
    const terms = ["huong", "ngoc", "cong", "an"];
    const rareTogether = `Hương Ngọc ${filler(PROXIMITY_WINDOW + 5)} công an`;
    const commonTogether = `Hương ${filler(PROXIMITY_WINDOW + 5)} Ngọc công an`;
    expect(proximityScore(terms, rareTogether, rarity)).toBeCloseTo(6 / 8, 12);
    expect(proximityScore(terms, commonTogether, rarity)).toBeCloseTo(5 / 8, 12);
  });

  it("counts a word repeated in the question once, and is 0 for no question words or no match", () => {
    expect(proximityScore(["an", "an"], "an ninh", even)).toBe(1);
    expect(proximityScore([], "an ninh", even)).toBe(0);
    expect(proximityScore(["tham", "nhung"], "an ninh trật tự", even)).toBe(0);
  });
});
