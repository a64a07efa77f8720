/**
 * Legacy Vietnamese text: TCVN3 (ABC) and VNI files, and Windows-1258, as offices still have them.
 * The samples are the well-known mojibake of each encoding (what a TCVN3 or VNI document shows in
 * a Unicode font), encoded to bytes here by the test.
 */
import { describe, expect, it } from "vitest";
import { readReport } from "../../src/corpus/mod.ts";
import { fromTcvn3, fromVni, isVietnameseSyllable, legacyEncodingOf, readTextFile, rejoinSplitSyllables } from "../../src/read/mod.ts";
import { englishReason, englishWarning } from "../../src/render/mod.ts";

/** Characters as single bytes (Latin-1): how a TCVN3 or VNI file stores them. */
const bytesOf = (s: string) => Uint8Array.from(s, (c) => {
  if (c.charCodeAt(0) > 0xff) throw new Error(`${c} is not one byte`);
  return c.charCodeAt(0);
});

// "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc" as each encoding stores it.
const TCVN3_MOTTO = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc";
const VNI_MOTTO = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc";
const MOTTO = "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc";
const sameLetters = (s: string) => s.normalize("NFD").replace(/\u0300/g, "").replace(/ò/g, "o");

/** A short report in TCVN3, as typed in a .VnTime font in the 2000s. */
const TCVN3_REPORT = [
  "B¸o c¸o c«ng t¸c d©n vËn quý ba n¨m 2004",
  "",
  "Trong quý, C«ng an huyÖn ®· phèi hîp víi c¸c ®oµn thÓ tæ chøc 12 buæi tuyªn truyÒn vÒ phßng chèng téi ph¹m cho nh©n d©n.",
].join("\n");

describe("TCVN3 and VNI", () => {
  it("converts the known samples to Unicode NFC", () => {
    expect(sameLetters(fromTcvn3(TCVN3_MOTTO))).toBe(sameLetters(MOTTO));
    expect(sameLetters(fromVni(VNI_MOTTO))).toBe(sameLetters(MOTTO));
    expect(fromTcvn3(TCVN3_MOTTO)).toBe(fromTcvn3(TCVN3_MOTTO).normalize("NFC"));
    // The upper-case TCVN3 fonts (.VnTimeH) draw the lower-case codes as capitals.
    expect(fromTcvn3("céng hoµ", true)).toBe("CỘNG HOÀ");
  });

  it("tells legacy lines from Unicode, French and English ones", () => {
    expect(legacyEncodingOf("Céng hoµ x· héi chñ nghÜa ViÖt Nam")).toBe("tcvn3");
    expect(legacyEncodingOf("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")).toBe("vni");
    expect(legacyEncodingOf(MOTTO.split("\n")[0]!)).toBeUndefined();
    expect(legacyEncodingOf("Le café crème à la française")).toBeUndefined();
    expect(legacyEncodingOf("© 2023 Công an tỉnh · Bản quyền")).toBeUndefined();
  });

  it("reads a TCVN3 .txt file as Unicode and says so", () => {
    const read = readTextFile(bytesOf(TCVN3_REPORT), "txt");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.report.text).toContain("Công an huyện đã phối hợp với các đoàn thể tổ chức 12 buổi tuyên truyền về phòng chống tội phạm");
    expect(read.report.notes.map(englishReason).join(" ")).toMatch(/TCVN3/);
  });

  it("reads a VNI .txt file as Unicode", () => {
    const read = readReport(bytesOf(`${VNI_MOTTO}\n\nCoâng an tænh ñaõ toå chöùc hoäi nghò toång keát coâng taùc naêm.`), "vni.txt");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.report.text).toContain("Công an tỉnh đã tổ chức hội nghị tổng kết công tác năm.");
    expect(read.warnings.map(englishWarning).join(" ")).toMatch(/vni\.txt: .*VNI/);
  });

  it("reads a Windows-1258 .txt file (tones as combining marks) as NFC", () => {
    // 1258 has ê (0xEA) and ô (0xF4) as letters, the tones as marks after them: 0xF2 dot below, 0xD2 hook, 0xEC acute.
    const bytes = new Uint8Array([...bytesOf("Vi"), 0xea, 0xf2, ...bytesOf("t Nam h"), 0xf4, 0xf2, ...bytesOf("i nghi"), 0xf2, ...bytesOf(" t"), 0xf4, 0xd2, ...bytesOf("ng k"), 0xea, 0xec, ...bytesOf("t c"), 0xf4, ...bytesOf("ng ta"), 0xec, ...bytesOf("c")]);
    const read = readTextFile(bytes, "txt");
    expect(read.ok && read.report.text).toBe("Việt Nam hội nghị tổng kết công tác");
    expect(read.ok && read.report.notes.map(englishReason).join(" ")).toMatch(/Windows-1258/);
  });

  it("converts TCVN3 lines pasted into a UTF-8 file, leaving the Unicode lines alone", () => {
    const read = readTextFile(new TextEncoder().encode(`Báo cáo năm 2024\n${TCVN3_MOTTO.split("\n")[0]}`), "txt");
    expect(read.ok && read.report.text).toBe("Báo cáo năm 2024\nCộng hoà xã hội chủ nghĩa Việt Nam");
  });
});

describe("Vietnamese syllables", () => {
  it("knows well-formed syllables from fragments and mojibake", () => {
    for (const w of ["Điều", "KHOẢN", "nghiêng", "quốc", "giữa", "khuya", "Nguyễn", "các"]) expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ["ĐIỀ", "hoµ", "tÞch", "càc", "report"]) expect(isVietnameseSyllable(w), w).toBe(false);
  });

  it("rejoins syllables a PDF split, but not neighbouring words", () => {
    const text = "ĐIỀ U KHO ẢN CHUNG\nTheo khoản 2 Điều 3, các khoản chi và kho ảnh của Hà Nội. Điề u này, 300 g hàng";
    expect(rejoinSplitSyllables(text).text).toBe("ĐIỀU KHOẢN CHUNG\nTheo khoản 2 Điều 3, các khoản chi và kho ảnh của Hà Nội. Điều này, 300 g hàng");
  });
});
