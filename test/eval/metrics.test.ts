import { describe, expect, it } from "vitest";
import { breakdown, cutoffsFor, summarize } from "../../src/eval/mod.ts";
import type { QuestionOutcome } from "../../src/eval/mod.ts";

const outcome = (o: Partial<QuestionOutcome> & Pick<QuestionOutcome, "id">): QuestionOutcome => ({
  question: o.id,
  kind: "factoid",
  lang: "vi",
  diacritics: "with",
  answerable: true,
  docs: ["a.txt"],
  found: true,
  ms: 2,
  results: [],
  ...o,
});

// Four answerable questions (gold document at ranks 1, 2, 7, absent) and two unanswerable ones.
const outcomes: QuestionOutcome[] = [
  outcome({ id: "q1", docRank: 1, passageRank: 1 }),
  outcome({ id: "q2", docRank: 2, passageRank: 4, kind: "paraphrase", diacritics: "without" }),
  outcome({ id: "q3", docRank: 7, passageRank: undefined, lang: "en", diacritics: "n/a", found: false }),
  outcome({ id: "q4", kind: "paraphrase", found: false }),
  outcome({ id: "q5", answerable: false, docs: [], kind: "unanswerable", found: false, ms: 6 }),
  outcome({ id: "q6", answerable: false, docs: [], kind: "unanswerable", found: true, ms: 6 }),
];

describe("summarize", () => {
  const m = summarize(outcomes, [1, 3, 5, 10], 10);

  it("counts hit@k over answerable questions only", () => {
    expect(m.questions).toBe(6);
    expect(m.answerable).toBe(4);
    expect(m.unanswerable).toBe(2);
    expect(m.docHit).toEqual({ 1: 0.25, 3: 0.5, 5: 0.5, 10: 0.75 });
    expect(m.passageHit).toEqual({ 1: 0.25, 3: 0.25, 5: 0.5, 10: 0.5 });
  });

  it("computes MRR with 0 for a missing gold document, and cuts it at the depth", () => {
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 7 + 0) / 4, 10);
    expect(summarize(outcomes, [1, 5], 5).mrr).toBeCloseTo((1 + 1 / 2) / 4, 10);
  });

  it("reports 'not found' separately for unanswerable and answerable questions", () => {
    expect(m.notFoundUnanswerable).toBe(0.5);
    expect(m.notFoundAnswerable).toBe(0.5);
    expect(m.msPerQuestion).toBeCloseTo((4 * 2 + 2 * 6) / 6, 10);
  });

  it("gives no figure (NaN), not zero, where a group has no question of that sort", () => {
    const onlyUnanswerable = summarize(outcomes.filter((o) => !o.answerable), [1], 10);
    expect(onlyUnanswerable.docHit[1]).toBeNaN();
    expect(onlyUnanswerable.mrr).toBeNaN();
    expect(onlyUnanswerable.notFoundAnswerable).toBeNaN();
    expect(onlyUnanswerable.notFoundUnanswerable).toBe(0.5);
  });
});

describe("breakdown", () => {
  it("summarizes each kind, language and diacritics value on its own", () => {
    const byKind = breakdown(outcomes, (o) => o.kind, [1, 3], 10);
    expect(Object.keys(byKind)).toEqual(["factoid", "paraphrase", "unanswerable"]);
    expect(byKind.factoid!.docHit[1]).toBe(0.5);
    expect(byKind.paraphrase!.docHit[3]).toBe(0.5);
    expect(byKind.paraphrase!.notFoundAnswerable).toBe(0.5);
    expect(byKind.unanswerable!.notFoundUnanswerable).toBe(0.5);
    const byDiacritics = breakdown(outcomes, (o) => o.diacritics, [1], 10);
    expect(byDiacritics["n/a"]!.questions).toBe(1);
    expect(byDiacritics.without!.docHit[1]).toBe(0);
  });

  it("reports the usual cut-offs up to the depth, and the depth itself", () => {
    expect(cutoffsFor(10)).toEqual([1, 3, 5, 10]);
    expect(cutoffsFor(4)).toEqual([1, 3, 4]);
    expect(cutoffsFor(20)).toEqual([1, 3, 5, 10, 20]);
  });
});
