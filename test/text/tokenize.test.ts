import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/text/mod.ts";

describe("tokenize", () => {
  it("splits Vietnamese into syllables and drops punctuation", () => {
    expect(tokenize("Chiều 4/1, Ban Dân vận Tỉnh ủy (Hà Tĩnh) tổ chức hội nghị!")).toEqual([
      "chiều", "4/1", "4", "1", "ban", "dân", "vận", "tỉnh", "ủy", "hà", "tĩnh", "tổ", "chức", "hội", "nghị",
    ]);
  });

  it("keeps a formatted number whole, without meaningless parts", () => {
    expect(tokenize("có 16.628 hộ, tăng 3,5%")).toEqual(["có", "16.628", "hộ", "tăng", "3,5"]);
  });

  it("keeps ranges and codes whole and also yields their parts", () => {
    expect(tokenize("giai đoạn 2022-2026")).toEqual(["giai", "đoạn", "2022-2026", "2022", "2026"]);
    expect(tokenize("Nghị quyết 25-NQ/TW")).toEqual(["nghị", "quyết", "25-nq/tw", "25", "nq", "tw"]);
    expect(tokenize("TP.HCM")).toEqual(["tp.hcm", "tp", "hcm"]);
  });

  it("does not glue a number to the sentence's final full stop", () => {
    expect(tokenize("Năm 2022. Năm sau")).toEqual(["năm", "2022", "năm", "sau"]);
  });

  it("yields every word of Vietnamese-only text (nothing silently dropped)", () => {
    const text = "Đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư";
    const tokens = tokenize(text);
    expect(tokens).toHaveLength(text.split(" ").length);
    expect(tokens.join(" ")).toBe(text.toLowerCase());
  });

  it("returns nothing for text without words", () => {
    expect(tokenize(" — … !? ")).toEqual([]);
  });
});
