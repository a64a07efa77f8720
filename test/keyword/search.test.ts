import { describe, expect, it } from "vitest";
import {
  buildLexical,
  createLexicalIndex,
  loadLexical,
  searchLexical,
  serializeLexical,
  updateLexical,
} from "../../src/keyword/mod.ts";
import { foldDiacritics, parseGlossary } from "../../src/text/mod.ts";
import { mulberry32 } from "../../tools/random.ts";

const PASSAGES = [
  { id: "hatinh", text: "Chiều 4/1, Ban Dân vận Tỉnh ủy và Công an tỉnh Hà Tĩnh tổ chức hội nghị sơ kết chương trình phối hợp giai đoạn 2022-2026." },
  { id: "hue", text: "Đoàn giám sát Nghị quyết 25-NQ/TW của Ban Dân vận Tỉnh ủy đã làm việc với Công an thành phố Huế và Công an huyện Phong Điền." },
  { id: "phutho", text: "Ở Phú Thọ, 1.250 tập thể, cá nhân đăng ký xây dựng mô hình “Dân vận khéo” trong lĩnh vực bảo đảm ANTT." },
  { id: "hcm", text: "Công an TPHCM phối hợp với Bưu điện chuyển phát hộ chiếu, căn cước công dân tới tận tay người dân." },
  { id: "hanoi", text: "Lãnh đạo Thành ủy Hà Nội đề nghị biểu dương những nơi làm tốt công tác dân vận, chấn chỉnh những nơi còn yếu kém." },
];

const indexOf = (passages: { id: string; text: string }[]) => buildLexical(passages);

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe("lexical index", () => {
  const index = indexOf(PASSAGES);

  it("finds the right passage for an accented question", () => {
    expect(searchLexical(index, "Đoàn giám sát Nghị quyết 25 làm việc với những đơn vị công an nào?", 3)[0]?.id).toBe("hue");
    expect(searchLexical(index, "Hội nghị sơ kết ở Hà Tĩnh diễn ra khi nào?", 3)[0]?.id).toBe("hatinh");
  });

  it("finds the same passage when the question is typed without diacritics", () => {
    expect(searchLexical(index, "doan giam sat nghi quyet 25 lam viec voi nhung don vi cong an nao?", 3)[0]?.id).toBe("hue");
    expect(searchLexical(index, "hoi nghi so ket o ha tinh dien ra khi nao", 3)[0]?.id).toBe("hatinh");
    expect(searchLexical(index, foldDiacritics("Bưu điện chuyển phát hộ chiếu"), 3)[0]?.id).toBe("hcm");
  });

  it("ranks an exact accented match above a match that needs folding", () => {
    const twins = indexOf([
      { id: "ma-sac", text: "Người mẹ gọi là má ở miền Nam." },
      { id: "ma-huyen", text: "Người mẹ gọi là mà ở miền Nam." },
    ]);
    expect(ids(searchLexical(twins, "má", 2))).toEqual(["ma-sac", "ma-huyen"]);
    expect(ids(searchLexical(twins, "mà", 2))).toEqual(["ma-huyen", "ma-sac"]);
    const [exact, folded] = searchLexical(twins, "má", 2);
    expect(exact!.relevance).toBeGreaterThan(folded!.relevance);
  });

  it("matches numbers and codes as written and by their parts", () => {
    expect(searchLexical(index, "1.250 tập thể", 1)[0]?.id).toBe("phutho");
    expect(searchLexical(index, "giai đoạn 2022 - 2026", 1)[0]?.id).toBe("hatinh");
    expect(searchLexical(index, "25-NQ/TW", 1)[0]?.id).toBe("hue");
  });

  it("respects the limit and returns nothing for a question with no searchable word", () => {
    expect(searchLexical(index, "công an", 2)).toHaveLength(2);
    expect(searchLexical(index, "ai? gì? bao nhiêu?", 5)).toEqual([]);
    expect(searchLexical(index, "?!", 5)).toEqual([]);
  });

  it("gives a relevance in [0, 1] that is high when the passage has the question's words and low when it has few", () => {
    const full = searchLexical(index, "Công an huyện Phong Điền", 1)[0]!;
    expect(full.id).toBe("hue");
    expect(full.relevance).toBeGreaterThan(0.9);
    expect(full.relevance).toBeLessThanOrEqual(1);
    const offTopic = searchLexical(index, "giá vàng hôm nay ở Hà Nội tăng bao nhiêu", 1)[0]!;
    expect(offTopic.relevance).toBeGreaterThanOrEqual(0);
    expect(offTopic.relevance).toBeLessThan(0.3);
  });

  it("uses the glossary both ways: abbreviation to expansion and back", () => {
    const glossary = parseGlossary({ version: 1, entries: [{ abbr: "ANTT", expansions: ["an ninh trật tự"] }] }, "test");
    const withExpansion = indexOf([
      ...PASSAGES,
      { id: "spelled-out", text: "Công an xã giữ vững an ninh trật tự trên địa bàn." },
    ]);
    expect(ids(searchLexical(withExpansion, "an ninh trật tự", 5))).not.toContain("phutho");
    expect(ids(searchLexical(withExpansion, "an ninh trật tự", 5, { glossary }))).toContain("phutho");
    expect(ids(searchLexical(withExpansion, "ANTT", 5))).not.toContain("spelled-out");
    // The passage with the abbreviation as typed first, then the one that spells it out.
    expect(ids(searchLexical(withExpansion, "ANTT", 5, { glossary })).slice(0, 2)).toEqual(["phutho", "spelled-out"]);
  });

  it("no longer returns removed passages, and still finds the others", () => {
    const original = indexOf(PASSAGES);
    const copy = updateLexical(original, ["hue", "not-there"], []);
    expect(ids(searchLexical(copy, "Đoàn giám sát Nghị quyết 25 Huế", 5))).not.toContain("hue");
    expect(searchLexical(copy, "Hội nghị sơ kết Hà Tĩnh", 1)[0]?.id).toBe("hatinh");
    // The index it was made from is untouched (it may still be serving).
    expect(searchLexical(original, "Đoàn giám sát Nghị quyết 25 Huế", 1)[0]?.id).toBe("hue");
  });

  it("replaces a passage added again under the same id", () => {
    const copy = updateLexical(indexOf(PASSAGES), [], [{ id: "hue", text: "Thời tiết Đà Lạt se lạnh." }]);
    expect(ids(searchLexical(copy, "Đoàn giám sát Nghị quyết 25", 5))).not.toContain("hue");
    expect(searchLexical(copy, "thời tiết Đà Lạt", 1)[0]?.id).toBe("hue");
  });

  it("gives identical results after serialising and loading", () => {
    const copy = updateLexical(indexOf(PASSAGES), ["hanoi"], []);
    const loaded = loadLexical(serializeLexical(copy));
    for (const q of ["Đoàn giám sát Nghị quyết 25", "cong an tphcm ho chieu", "mô hình Dân vận khéo ANTT", "lãnh đạo Thành ủy Hà Nội"]) {
      expect(searchLexical(loaded, q, 5), q).toEqual(searchLexical(copy, q, 5));
    }
    const grown = updateLexical(loaded, [], [{ id: "new", text: "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" }]);
    expect(searchLexical(grown, "ngay hoi toan dan bao ve an ninh to quoc", 1)[0]?.id).toBe("new");
    expect(() => loadLexical(serializeLexical(copy).subarray(0, 200))).toThrow();
  });

  it("indexes Vietnamese-only text word by word (nothing silently dropped)", () => {
    const only = indexOf([
      { id: "a", text: "Nhân dân tin tưởng lực lượng công an" },
      { id: "b", text: "Thời tiết miền Bắc chuyển lạnh" },
    ]);
    for (const word of ["nhân", "dân", "tin", "tưởng", "lực", "lượng", "công", "an"]) {
      expect(searchLexical(only, word, 1)[0]?.id, word).toBe("a");
    }
  });

  it("builds a large index (many blocks) that finds every passage as an index grown in steps does", () => {
    const random = mulberry32(7);
    const words = ["dân", "vận", "công", "an", "tỉnh", "huyện", "xã", "hội", "nghị", "kết", "quả", "phối", "hợp", "mô", "hình", "an ninh", "trật tự"];
    const pick = () => words[Math.floor(random() * words.length)]!;
    // Over two of the build's 4,096-passage blocks, each passage with a code found nowhere else.
    const passages = Array.from({ length: 9_000 }, (_, i) => ({ id: `p${i}`, text: `Báo cáo mã ${i + 100_000}: ${Array.from({ length: 30 }, pick).join(" ")}.` }));
    const once = buildLexical(passages);
    const grown = updateLexical(buildLexical(passages.slice(0, 5_000)), [], passages.slice(5_000));
    for (const i of [0, 4_095, 4_096, 4_097, 8_191, 8_192, 8_999]) {
      expect(searchLexical(once, `mã ${i + 100_000}`, 1)[0]?.id).toBe(`p${i}`);
    }
    for (let q = 0; q < 20; q++) {
      const question = `${pick()} ${pick()} ${pick()}`;
      expect(searchLexical(once, question, 10), question).toEqual(searchLexical(grown, question, 10));
    }
  });
});
