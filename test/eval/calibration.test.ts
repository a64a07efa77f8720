import { describe, expect, it } from "vitest";
import { calibrate } from "../../src/eval/mod.ts";
import type { QuestionOutcome, RankedResult } from "../../src/eval/mod.ts";

const result = (rank: number, lexical?: number, dense?: number): RankedResult => ({
  rank, docId: "d", passageId: `p${rank}`, title: "T", paragraphs: [1, 1], score: 1, lexical, dense, goldDoc: false, goldPassage: false, preview: "",
});

const outcome = (id: string, answerable: boolean, results: RankedResult[]): QuestionOutcome => ({
  id, question: id, kind: "k", lang: "vi", diacritics: "with", answerable, docs: answerable ? ["d"] : [], found: true, ms: 1, results,
});

describe("calibrate", () => {
  // Best lexical among the first two results: answerable 0.5, 0.3, 0.25, 0.12; unanswerable 0.18, 0.05.
  const outcomes = [
    outcome("a1", true, [result(1, 0.5, 0.9), result(2, 0.2)]),
    outcome("a2", true, [result(1, 0.1, 0.85), result(2, 0.3)]),
    outcome("a3", true, [result(1, 0.25, 0.7)]),
    outcome("a4", true, [result(1, 0.12), result(2, 0.05), result(3, 0.9)]), // rank 3 is beyond top 2
    outcome("u1", false, [result(1, 0.18, 0.8)]),
    outcome("u2", false, [result(1, 0.05, 0.75)]),
  ];

  it("reads the best value among the top results and says what each lexical threshold keeps and rejects", () => {
    const [lexical] = calibrate(outcomes, 2);
    expect(lexical!.signal).toBe("lexical");
    const at = (t: number) => lexical!.rows.find((r) => r.threshold === t)!;
    expect(at(0.2)).toEqual({ threshold: 0.2, answerableKept: 0.75, unanswerableRejected: 1 });
    expect(at(0.15)).toEqual({ threshold: 0.15, answerableKept: 0.75, unanswerableRejected: 0.5 });
    expect(at(0.1)).toEqual({ threshold: 0.1, answerableKept: 1, unanswerableRejected: 0.5 });
  });

  it("offers dense thresholds from the unanswerable questions' own values (a question without one counts 0)", () => {
    const dense = calibrate(outcomes, 2).find((c) => c.signal === "dense")!;
    expect(dense.rows.map((r) => r.threshold)).toEqual([0.8]);
    expect(dense.rows[0]).toEqual({ threshold: 0.8, answerableKept: 0.5, unanswerableRejected: 0.5 });
  });

  it("gives nothing without both answerable and unanswerable questions, or for a signal the mode does not use", () => {
    expect(calibrate(outcomes.filter((o) => o.answerable), 2)).toEqual([]);
    const lexicalOnly = outcomes.map((o) => ({ ...o, results: o.results.map((r) => ({ ...r, dense: undefined })) }));
    expect(calibrate(lexicalOnly, 2).map((c) => c.signal)).toEqual(["lexical"]);
  });
});
