import { describe, expect, it } from "vitest";
import type { IndexedPassage } from "../../src/index/mod.ts";
import { fuseRankings, normalizeScores } from "../../src/search/mod.ts";
import type { Candidate } from "../../src/search/mod.ts";

const candidate = (id: string, score: number, relevance = score): Candidate => ({
  passage: { id, docId: "d", ordinal: 0, start: 0, end: 1, paragraphStart: 1, paragraphEnd: 1, text: id, label: 0 } as IndexedPassage,
  score,
  relevance,
});

// Dense prefers a, then b, then c; lexical prefers c (by far), then b; d is lexical only.
const dense = [candidate("a", 0.9), candidate("b", 0.85), candidate("c", 0.8)];
const lexical = [candidate("c", 30, 0.9), candidate("b", 12, 0.5), candidate("d", 2, 0.1)];

describe("fuseRankings", () => {
  it("rrf adds weight / (k + rank) from each list a passage is in", () => {
    const fused = fuseRankings(dense, lexical, { method: "rrf", rrfK: 60, denseWeight: 0.5 });
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    expect(score.b).toBeCloseTo(0.5 / 62 + 0.5 / 62, 12);
    expect(score.c).toBeCloseTo(0.5 / 63 + 0.5 / 61, 12);
    expect(score.d).toBeCloseTo(0.5 / 63, 12);
    expect(fused.map((f) => f.id)).toEqual(["c", "b", "a", "d"]);
  });

  it("rrf follows the weight: all on dense reproduces the dense order", () => {
    const fused = fuseRankings(dense, lexical, { method: "rrf", rrfK: 60, denseWeight: 1 });
    expect(fused.slice(0, 3).map((f) => f.id)).toEqual(["a", "b", "c"]);
  });

  it("weighted mixes each list's min-max normalised scores, so a clear lexical winner stays on top", () => {
    const fused = fuseRankings(dense, lexical, { method: "weighted", rrfK: 60, denseWeight: 0.3 });
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    // dense normalised: a 1, b 0.5, c 0; lexical normalised: c 1, b 10/28, d 0
    expect(score.a).toBeCloseTo(0.3, 12);
    expect(score.b).toBeCloseTo(0.3 * 0.5 + 0.7 * (10 / 28), 12);
    expect(score.c).toBeCloseTo(0.7, 12);
    expect(fused.map((f) => f.id)).toEqual(["c", "b", "a", "d"]);
    // with most weight on dense, the dense favourite wins instead
    expect(fuseRankings(dense, lexical, { method: "weighted", rrfK: 60, denseWeight: 0.8 })[0]!.id).toBe("a");
  });

  it("keeps each retriever's relevance and rank on the fused entry", () => {
    const fused = fuseRankings(dense, lexical, { method: "weighted", rrfK: 60, denseWeight: 0.3 });
    expect(fused.find((f) => f.id === "c")).toMatchObject({ dense: 0.8, denseRank: 3, lexical: 0.9, lexicalRank: 1 });
    expect(fused.find((f) => f.id === "d")).toMatchObject({ lexical: 0.1, lexicalRank: 3 });
    expect(fused.find((f) => f.id === "d")!.dense).toBeUndefined();
  });

  it("handles one-sided and empty inputs, and breaks ties by id so the order is stable", () => {
    expect(fuseRankings([], [], { method: "weighted", rrfK: 60, denseWeight: 0.5 })).toEqual([]);
    const tied = fuseRankings([candidate("y", 0.5), candidate("x", 0.5)], [], { method: "weighted", rrfK: 60, denseWeight: 1 });
    expect(tied.map((f) => [f.id, f.score])).toEqual([["x", 1], ["y", 1]]);
    expect(normalizeScores([candidate("a", 3), candidate("b", 1), candidate("c", 2)])).toEqual([1, 0, 0.5]);
  });
});
