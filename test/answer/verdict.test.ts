import { describe, expect, it } from "vitest";
import { decideVerdict, DEFAULT_VERDICT_THRESHOLDS, extractAnswer } from "../../src/answer/mod.ts";
import type { VerdictSignals } from "../../src/answer/mod.ts";
import { doc, hit, passage, result } from "./fixtures.ts";

const t = DEFAULT_VERDICT_THRESHOLDS;
const signals = (s: Partial<VerdictSignals>): VerdictSignals => ({ search: "lexical", lexical: 0.5, dense: -1, coverage: 0.8, ...s });

describe("the three verdicts", () => {
  it("answers when the search found the reports relevant and the answer sentence covers the question", () => {
    expect(decideVerdict(signals({}), t)).toBe("answered");
    expect(decideVerdict(signals({ coverage: t.answeredCoverage }), t)).toBe("answered");
  });

  it("is not sure when the sentence covers too little, lacks what was asked for, or the search had no evidence", () => {
    expect(decideVerdict(signals({ coverage: t.answeredCoverage - 0.01 }), t)).toBe("uncertain");
    expect(decideVerdict(signals({ kindMatched: false }), t)).toBe("uncertain");
    expect(decideVerdict(signals({ search: "none", lexical: 0.15 }), t)).toBe("uncertain");
  });

  it("says not found only when every signal is below its floor", () => {
    const floor = { search: "none" as const, lexical: t.notFoundLexical - 0.01, dense: t.notFoundDense - 0.01, coverage: t.notFoundCoverage - 0.01 };
    expect(decideVerdict(signals(floor), t)).toBe("not_found");
    expect(decideVerdict(signals({ ...floor, lexical: t.notFoundLexical }), t)).toBe("uncertain");
    expect(decideVerdict(signals({ ...floor, dense: t.notFoundDense }), t)).toBe("uncertain");
    expect(decideVerdict(signals({ ...floor, coverage: t.notFoundCoverage }), t)).toBe("uncertain");
    expect(decideVerdict(signals({}), t, false)).toBe("not_found");
  });
});

describe("verdicts on answers", () => {
  const a = doc("a.txt");
  const p = passage(a, 0, 0, "Đoàn giám sát làm việc với Công an thành phố Huế. Trưởng đoàn là đồng chí Nguyễn Duy Cường.");

  it("a question the passage answers is answered; the same subject without the number asked for is not", async () => {
    const hits = [hit(a, p, 1, 0.5)];
    expect((await extractAnswer(result("Ai là trưởng đoàn giám sát ở Huế?", hits), { pageSize: 5 })).verdict).toBe("answered");
    expect((await extractAnswer(result("Đoàn giám sát ở Huế gồm bao nhiêu thành viên?", hits), { pageSize: 5 })).verdict).toBe("uncertain");
  });

  it("a paraphrase the search barely found is uncertain, never flatly not found", async () => {
    const hits = [hit(a, p, 1, 0.08)];
    const data = await extractAnswer(result("Người dẫn đầu nhóm kiểm tra ở Huế tên gì?", hits, "none"), { pageSize: 5 });
    expect(data.verdict).toBe("uncertain");
    expect(data.groups).toHaveLength(1);
  });

  it("a question sharing nothing with the passages is not found", async () => {
    const hits = [hit(a, p, 1, 0.01)];
    expect((await extractAnswer(result("What is the capital of France?", hits, "none"), { pageSize: 5 })).verdict).toBe("not_found");
  });
});

describe("the verdict settings", () => {
  it("default to the boundaries the answer stage was measured with", async () => {
    const { parseConfig } = await import("../../src/config.ts");
    const { answerSettings } = await import("../../src/answer/mod.ts");
    expect(answerSettings(parseConfig({}).answer).thresholds).toEqual(DEFAULT_VERDICT_THRESHOLDS);
  });

  it("a bad boundary names its setting", async () => {
    const { parseConfig } = await import("../../src/config.ts");
    expect(() => parseConfig({ ANSWER_MIN_COVERAGE: "most" })).toThrow(/ANSWER_MIN_COVERAGE/);
  });
});
