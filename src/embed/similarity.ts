import type { Embedder } from "./types.ts";

/**
 * How close in meaning each text is to `question`, by the model: the question embedded as a query
 * (or `queryVector`, when the search already did), the texts as passages, and their cosine (the
 * model's vectors are unit length, so the dot product). For ranking answer sentences.
 */
export function similarityTo(embedder: Pick<Embedder, "embedQuery" | "embedPassages">, question: string, queryVector?: Float32Array): (texts: readonly string[]) => Promise<number[]> {
  return async (texts) => {
    const query = queryVector ?? (await embedder.embedQuery(question));
    const vectors = await embedder.embedPassages(texts);
    return vectors.map((v) => {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * query[i]!;
      return dot;
    });
  };
}
