import type { Answer } from "../answer/mod.ts";
import type { SearchResult } from "../search/mod.ts";

/** The machine-readable form of an answer (`ask --json`): every field a caller needs to check a citation. */
export function answerToJson(answer: Answer, result: SearchResult) {
  return {
    question: answer.question,
    lang: answer.lang,
    found: answer.found,
    /** Which evidence decided "found": lexical, dense, agreement of both, or none. */
    verdict: result.verdict,
    mode: result.mode,
    timings: result.timings,
    passages: answer.items.map((item) => {
      const passage = result.hits.find((h) => h.passage.id === item.passageId)!.passage;
      return {
        rank: item.n,
        id: item.passageId,
        score: item.score,
        dense: item.dense,
        lexical: item.lexical,
        doc: item.citation.docId,
        start: passage.start,
        end: passage.end,
        text: item.text,
        highlight: item.text.slice(item.highlight.start, item.highlight.end),
        citation: item.citation,
      };
    }),
  };
}
