import { describe, expect, it } from "vitest";
import { holdOut, isHeldOut } from "../../src/eval/mod.ts";
import type { EvalDocument, EvalQuestion } from "../../src/eval/mod.ts";

const q = (id: string, docs: string[]): EvalQuestion => ({ id, question: id, docs, gold: docs.length > 0 ? ["g"] : [], kind: "factoid", lang: "vi" });

describe("holdOut", () => {
  const names = Array.from({ length: 400 }, (_, i) => `report-${i}.txt`);

  it("holds out about the share asked, the same names every time", () => {
    const held = names.filter((n) => isHeldOut(n, 0.3));
    expect(held.length).toBeGreaterThan(0.2 * names.length);
    expect(held.length).toBeLessThan(0.4 * names.length);
    expect(names.filter((n) => isHeldOut(n, 0.3))).toEqual(held);
    // a larger share holds out a superset
    expect(held.every((n) => isHeldOut(n, 0.6))).toBe(true);
  });

  it("makes questions about held-out documents unanswerable; one remaining gold document keeps a question answerable", () => {
    const out = names.find((n) => isHeldOut(n, 0.3))!;
    const kept = names.find((n) => !isHeldOut(n, 0.3))!;
    const result = holdOut([q("a", [out]), q("b", [out, kept]), q("c", [kept]), q("d", [])], undefined, 0.3);
    expect(result.questions.map((x) => [x.id, x.docs, x.gold.length])).toEqual([
      ["a", [], 0],
      ["b", [kept], 1],
      ["c", [kept], 1],
      ["d", [], 0],
    ]);
    expect([...result.removed]).toEqual([out]);
  });

  it("holds a SQuAD article out whole, so no other paragraph of it half-answers", () => {
    const titles = Array.from({ length: 50 }, (_, i) => `Article ${i}`);
    const title = titles.find((t) => isHeldOut(t, 0.3))!;
    const documents: EvalDocument[] = [1, 2, 3].map((p) => ({ file: `${title}_${p}.txt`, title, text: "…" }));
    const other: EvalDocument = { file: "Other_1.txt", title: titles.find((t) => !isHeldOut(t, 0.3))!, text: "…" };
    const result = holdOut([q("a", [`${title}_1.txt`])], [...documents, other], 0.3);
    expect(result.documents).toEqual([other]);
    expect(result.questions[0]!.docs).toEqual([]);
  });

  it("holds out nothing at share 0", () => {
    const result = holdOut([q("a", ["x.txt"])], undefined, 0);
    expect(result.removed.size).toBe(0);
    expect(result.questions[0]!.docs).toEqual(["x.txt"]);
  });
});
