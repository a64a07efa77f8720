import { describe, expect, it } from "vitest";
import { buildLexical, buildLexicalInParallel, searchLexical } from "../../src/keyword/mod.ts";
import { mulberry32 } from "../../tools/random.ts";

describe("keyword index built on several threads", () => {
  const random = mulberry32(11);
  const words = ["dân", "vận", "công", "an", "tỉnh", "huyện", "xã", "hội", "nghị", "kết", "quả", "phối", "hợp", "mô", "hình", "giấy", "tờ"];
  const pick = () => words[Math.floor(random() * words.length)]!;
  const passages = Array.from({ length: 6_000 }, (_, i) => ({ id: `p${i}`, text: `Văn bản số ${i + 500}/BC: ${Array.from({ length: 25 }, pick).join(" ")}.` }));

  it("finds what a one-thread index finds, in the same order and with the same scores", async () => {
    const failures: Error[] = [];
    const parallel = await buildLexicalInParallel(passages, undefined, { threads: 3, minPassages: 0, onFallback: (e) => failures.push(e) });
    expect(failures).toEqual([]); // built by the workers, not by the fallback
    const single = buildLexical(passages);
    for (const i of [0, 1_999, 2_000, 4_001, 5_999]) expect(searchLexical(parallel, `số ${i + 500}/BC`, 1)[0]?.id).toBe(`p${i}`);
    for (let q = 0; q < 15; q++) {
      const question = `${pick()} ${pick()} ${pick()}`;
      expect(searchLexical(parallel, question, 10), question).toEqual(searchLexical(single, question, 10));
    }
  });
});
