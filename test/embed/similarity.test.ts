import { describe, expect, it } from "vitest";
import { similarityTo } from "../../src/embed/mod.ts";

/** An embedder over fixed unit vectors, counting the questions it embeds. */
function fixedEmbedder(vectors: Record<string, number[]>) {
  const asked: string[] = [];
  return {
    asked,
    embedder: {
      embedQuery: async (text: string) => (asked.push(text), Float32Array.from(vectors[text]!)),
      embedPassages: async (texts: readonly string[]) => texts.map((t) => Float32Array.from(vectors[t]!)),
    },
  };
}

describe("similarity of texts to a question", () => {
  const vectors = { "câu hỏi": [1, 0], same: [1, 0], other: [0, 1], between: [0.6, 0.8] };

  it("is the cosine of each text's vector with the question's, in the texts' order", async () => {
    const { embedder } = fixedEmbedder(vectors);
    const cosines = await similarityTo(embedder, "câu hỏi")(["between", "same", "other"]);
    expect(cosines.map((c) => Math.round(c * 100) / 100)).toEqual([0.6, 1, 0]);
  });

  it("reuses the question's vector when the search already made it", async () => {
    const { embedder, asked } = fixedEmbedder(vectors);
    const cosines = await similarityTo(embedder, "câu hỏi", Float32Array.from([0, 1]))(["same", "other"]);
    expect(asked).toEqual([]);
    expect(cosines).toEqual([0, 1]);
  });
});
