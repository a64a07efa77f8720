import { describe, expect, it } from "vitest";
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import { isAnswered, judgeRelevance } from "../../src/search/mod.ts";
import type { Hit, RelevanceSettings } from "../../src/search/mod.ts";

const hit = (id: string, signals: Partial<Pick<Hit, "dense" | "lexical" | "denseRank" | "lexicalRank">>): Hit => ({
  passage: { id, docId: "d", ordinal: 0, start: 0, end: 1, paragraphStart: 1, paragraphEnd: 1, text: id, label: 0 } as IndexedPassage,
  document: { id: "d", file: "d.txt", title: "D", contentHash: "h", passageCount: 1, paragraphCount: 1 } as DocumentEntry,
  score: 1,
  ...signals,
});

const settings: RelevanceSettings = { mode: "hybrid", minDenseScore: 0.8, minLexicalScore: 0.2, minAgreedLexicalScore: 0.05 };

describe("the 'not found' decision", () => {
  it("answers on lexical evidence alone, on dense evidence alone, and says which", () => {
    expect(judgeRelevance([hit("a", { lexical: 0.35, lexicalRank: 1, dense: 0.5, denseRank: 9 })], settings)).toBe("lexical");
    // an English question: almost no words in common, but the vectors are close
    expect(judgeRelevance([hit("a", { lexical: 0.02, lexicalRank: 4, dense: 0.86, denseRank: 1 })], settings)).toBe("dense");
  });

  it("says 'not found' when neither signal is strong and the retrievers disagree", () => {
    const hits = [hit("a", { lexical: 0.12, lexicalRank: 1, dense: 0.6, denseRank: 8 }), hit("b", { dense: 0.7, denseRank: 1 })];
    expect(judgeRelevance(hits, settings)).toBe("none");
    expect(isAnswered(hits, settings)).toBe(false);
  });

  it("accepts weaker lexical evidence when both retrievers put the same passage on top", () => {
    const agreeing = [hit("a", { lexical: 0.12, lexicalRank: 1, dense: 0.6, denseRank: 2 })];
    expect(judgeRelevance(agreeing, settings)).toBe("agreement");
    const denseFirst = [hit("a", { lexical: 0.12, lexicalRank: 3, dense: 0.6, denseRank: 1 })];
    expect(judgeRelevance(denseFirst, settings)).toBe("agreement");
    // agreement needs some lexical evidence, and agreement beyond the top three does not count
    expect(judgeRelevance([hit("a", { lexical: 0.01, lexicalRank: 1, dense: 0.6, denseRank: 1 })], settings)).toBe("none");
    expect(judgeRelevance([hit("a", { lexical: 0.12, lexicalRank: 1, dense: 0.6, denseRank: 4 })], settings)).toBe("none");
  });

  it("reads only the signal of a single-retriever mode", () => {
    const lexicalOnly = [hit("a", { lexical: 0.5, lexicalRank: 1 })];
    const denseOnly = [hit("a", { dense: 0.9, denseRank: 1 })];
    expect(isAnswered(lexicalOnly, { ...settings, mode: "dense" })).toBe(false);
    expect(isAnswered(denseOnly, { ...settings, mode: "dense" })).toBe(true);
    expect(isAnswered(denseOnly, { ...settings, mode: "lexical" })).toBe(false);
    // agreement is a hybrid notion
    expect(isAnswered([hit("a", { lexical: 0.12, lexicalRank: 1, dense: 0.6, denseRank: 1 })], { ...settings, mode: "lexical" })).toBe(false);
  });

  it("never answers from no hits", () => {
    expect(judgeRelevance([], settings)).toBe("none");
  });
});
