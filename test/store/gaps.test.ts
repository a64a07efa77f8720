import { describe, expect, it } from "vitest";
import { gapsCsv, groupGaps } from "../../src/store/mod.ts";
import type { StoredQuestion } from "../../src/store/mod.ts";

let nextId = 1;
const q = (text: string, over: Partial<StoredQuestion> = {}): StoredQuestion => ({
  id: nextId++,
  askedAt: new Date("2026-12-01T08:00:00Z"),
  text,
  verdict: "not_found",
  up: 0,
  down: 0,
  ...over,
});

describe("groupGaps", () => {
  it("groups one question typed with and without diacritics, in other word orders, most asked first", () => {
    const groups = groupGaps([
      q("Kinh phí xây trạm bơm Xuân Thủy là bao nhiêu?", { best: { file: "004_c.txt", title: "Thủy lợi" } }),
      q("kinh phi xay tram bom xuan thuy la bao nhieu", { best: { file: "004_c.txt", title: "Thủy lợi" } }),
      q("trạm bơm Xuân Thủy kinh phí xây bao nhiêu ạ", { verdict: "uncertain", best: { file: "002_b.txt", title: "Khác" } }),
      q("Ai là chủ tịch hội nông dân?"),
      q("ai la chu tich hoi nong dan"),
      q("Số học sinh bỏ học năm 2023?"),
    ]);
    expect(groups.map((g) => [g.count, g.byVerdict])).toEqual([
      [3, { not_found: 2, uncertain: 1 }],
      [2, { not_found: 2 }],
      [1, { not_found: 1 }],
    ]);
    expect(groups[0]!.best).toEqual({ file: "004_c.txt", title: "Thủy lợi" });
    expect(groups[0]!.variants).toHaveLength(2);
    expect(groups[2]!.question).toBe("Số học sinh bỏ học năm 2023?");
  });

  it("keeps different questions on one topic apart", () => {
    const groups = groupGaps([q("Kinh phí xây trạm bơm Xuân Thủy?"), q("Ai thi công trạm bơm Xuân Thủy?"), q("Trạm bơm Xuân Thủy tưới bao nhiêu héc-ta?")]);
    expect(groups).toHaveLength(3);
  });

  it("lists answered questions only when voted 👎, and leaves out questions whose text was erased", () => {
    const groups = groupGaps([
      q("Hạn nộp báo cáo quý?", { verdict: "answered", down: 1 }),
      q("Hạn nộp báo cáo quý?", { verdict: "answered", up: 1 }),
      q("Ngày thành lập sở?", { verdict: "answered" }),
      q("", { text: undefined, verdict: "not_found" }),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ question: "Hạn nộp báo cáo quý?", count: 1, down: 1 });
  });

  it("writes CSV a spreadsheet reads back: quotes around commas and quotes", () => {
    const csv = gapsCsv(groupGaps([q('Báo cáo "quý 3", số liệu?', { best: { file: "a.txt", title: "A, B" } })]));
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toBe("count,question,variants,not_found,uncertain,voted_down,best_report,best_file,last_asked");
    expect(row).toBe('1,"Báo cáo ""quý 3"", số liệu?",,1,0,0,"A, B",a.txt,2026-12-01T08:00:00.000Z');
  });
});
