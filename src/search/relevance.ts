import type { SearchConfig } from "../config.ts";
import type { Hit } from "./types.ts";

/**
 * Whether the best hits are relevant enough to count as an answer. A question is answered when the
 * top dense similarity reaches `minDenseScore` or the top lexical relevance reaches
 * `minLexicalScore`; in dense-only or lexical-only mode only that signal counts.
 */
export function isAnswered(hits: readonly Hit[], config: Pick<SearchConfig, "mode" | "minDenseScore" | "minLexicalScore">): boolean {
  if (hits.length === 0) return false;
  const bestDense = Math.max(...hits.map((h) => h.dense ?? -1));
  const bestLexical = Math.max(...hits.map((h) => h.lexical ?? 0));
  const denseOk = config.mode !== "lexical" && bestDense >= config.minDenseScore;
  const lexicalOk = config.mode !== "dense" && bestLexical >= config.minLexicalScore;
  return denseOk || lexicalOk;
}
