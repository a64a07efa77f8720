import { describe, expect, it } from "vitest";
import { extractAnswer, rerankByMeaning } from "../../src/answer/mod.ts";
import type { ScoredSentence } from "../../src/answer/mod.ts";
import { doc, hit, passage, result } from "./fixtures.ts";

/** Sentences with the given word ranks, in that order, all from the first passage. */
function ranked(...ranks: number[]): ScoredSentence[] {
  return ranks.map((rank, i) => ({ hit: 0, span: { start: i * 10, end: i * 10 + 9 }, text: `câu ${i}`, scored: { score: rank, coverage: 0.5, pairs: 0, words: 5 }, rank, prior: 0 }));
}

/** A model that finds sentence `closest` nearest in meaning and the rest alike, recording what it read. */
function meaning(closest: string) {
  const read: string[][] = [];
  const similarity = async (texts: readonly string[]) => {
    read.push([...texts]);
    return texts.map((t) => (t === closest ? 0.9 : 0.8));
  };
  return { similarity, read };
}

const all = () => true;

describe("answer candidates reordered by meaning", () => {
  it("lets the model decide between sentences whose words score alike", async () => {
    const { similarity } = meaning("câu 1");
    const out = await rerankByMeaning(ranked(1.0, 0.9, 0.5), similarity, all);
    expect(out[0]!.text).toBe("câu 1");
  });

  it("does not let it overrule a sentence that holds clearly more of the question", async () => {
    const { similarity } = meaning("câu 2");
    const out = await rerankByMeaning(ranked(1.0, 0.9, 0.5), similarity, all);
    expect(out.map((s) => s.text)).toEqual(["câu 0", "câu 1", "câu 2"]);
  });

  it("lets only the sentences holding what the question asks for gain, when some do", async () => {
    const typed = (kinds: boolean[]) => ranked(1.0, 0.9, 0.85).map((s, i) => ({ ...s, scored: { ...s.scored, kindMatched: kinds[i] } }));
    const untypedClosest = await rerankByMeaning(typed([true, false, true]), meaning("câu 1").similarity, all);
    expect(untypedClosest.map((s) => s.text)).toEqual(["câu 0", "câu 1", "câu 2"]);
    const typedClosest = await rerankByMeaning(typed([false, false, true]), meaning("câu 2").similarity, all);
    expect(typedClosest[0]!.text).toBe("câu 2");
  });

  it("embeds nothing when the best sentence leads by more than meaning could make up", async () => {
    const model = meaning("câu 1");
    const out = await rerankByMeaning(ranked(1.0, 0.6, 0.5), model.similarity, all);
    expect(model.read).toEqual([]);
    expect(out.map((s) => s.text)).toEqual(["câu 0", "câu 1", "câu 2"]);
  });

  it("embeds only the best candidates among the eligible ones, and nothing when its weight is 0", async () => {
    const model = meaning("câu 3");
    const sentences = ranked(1.0, 0.9, 0.8, 0.7, 0.6);
    await rerankByMeaning(sentences, model.similarity, (s) => s.text !== "câu 0", { candidates: 2, weight: 0.3 });
    expect(model.read).toEqual([["câu 1", "câu 2"]]);
    const off = meaning("câu 1");
    expect((await rerankByMeaning(sentences, off.similarity, all, { candidates: 8, weight: 0 })).map((s) => s.rank)).toEqual([1.0, 0.9, 0.8, 0.7, 0.6]);
    expect(off.read).toEqual([]);
  });

  it("picks a paraphrased answer sentence over one that repeats the question's words, when the model is loaded", async () => {
    const d = doc("tiep-dan.txt");
    const text = "Công tác tiếp công dân của huyện được duy trì thường xuyên trong năm. Trụ sở được sửa chữa vào tháng 3. Ông Nguyễn Văn An được giao theo dõi việc tiếp công dân.";
    const found = result("Ai phụ trách công tác tiếp công dân của huyện?", [hit(d, passage(d, 0, 0, text), 1, 0.6)]);
    const byWords = await extractAnswer(found, { pageSize: 5 });
    expect(byWords.sentences[0]?.text).toBe("Công tác tiếp công dân của huyện được duy trì thường xuyên trong năm.");
    const { similarity } = meaning("Ông Nguyễn Văn An được giao theo dõi việc tiếp công dân.");
    const withModel = await extractAnswer(found, { pageSize: 5, similarity });
    expect(withModel.sentences[0]?.text).toContain("Ông Nguyễn Văn An được giao theo dõi việc tiếp công dân.");
    // It is the sentence its source shows in bold, whatever is shown with it.
    const window = withModel.groups[0]!.windows[0]!;
    expect(window.text.slice(window.highlight.start, window.highlight.end)).toBe("Ông Nguyễn Văn An được giao theo dõi việc tiếp công dân.");
  });

  it("does not turn a question the reports hold into \"not found\" because meaning preferred a sentence with fewer of its words", async () => {
    const d = doc("tiep-dan.txt");
    const text = "Công tác tiếp công dân định kỳ của huyện Cẩm Khê được duy trì thường xuyên. Thời tiết cả năm thuận lợi. Mùa màng bội thu. Trụ sở mới khánh thành vào tháng 3 tại trung tâm huyện.";
    // Weak search evidence: the verdict rests on how much of the question the answer holds.
    const found = result("Công tác tiếp công dân định kỳ của huyện Cẩm Khê duy trì ra sao?", [hit(d, passage(d, 0, 0, text), 1, 0.01, 0.5)], "dense");
    const byWords = await extractAnswer(found, { pageSize: 5 });
    const { similarity } = meaning("Trụ sở mới khánh thành vào tháng 3 tại trung tâm huyện.");
    const withModel = await extractAnswer(found, { pageSize: 5, similarity, meaning: { candidates: 8, weight: 1 } });
    expect(withModel.sentences[0]?.text).toContain("Trụ sở mới khánh thành vào tháng 3 tại trung tâm huyện.");
    expect(byWords.verdict).not.toBe("not_found");
    expect(withModel.verdict).toBe(byWords.verdict);
  });
});
