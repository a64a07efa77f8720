import type { Answer, AnswerData } from "../answer/mod.ts";
import type { SearchResult } from "../search/mod.ts";

/**
 * The machine-readable form of an answer (`ask --json`), one object per question:
 * - `verdict`: `answered`, `uncertain` or `not_found` — what the reader is told;
 * - `answer`: the answer sentences, each with the [n] of the source window holding it;
 * - `sources`: the windows shown, grouped by report;
 * - `passages`: the ranked passages with ids, scores, offsets and citation fields, to check a citation;
 * - `message`: the first reply exactly as the bot sends it (Telegram HTML);
 * - `evidence`: which retrieval signal the search's relevance rested on (lexical, dense, agreement, none).
 */
export function answerToJson(answer: Answer, result: SearchResult, data: AnswerData, message: string) {
  return {
    question: answer.question,
    lang: data.lang,
    verdict: data.verdict,
    answer: data.sentences.map((s) => ({ text: s.text, n: s.n, passage: result.hits[s.hit]!.passage.id })),
    found: data.verdict !== "not_found",
    evidence: result.verdict,
    signals: data.signals,
    mode: result.mode,
    timings: result.timings,
    sources: data.groups.map((g) => ({
      doc: g.docId,
      title: g.title,
      date: g.date,
      organisation: g.organisation,
      file: g.file,
      url: g.url,
      windows: g.windows.map((w) => ({
        n: w.n,
        passages: w.hits.map((i) => result.hits[i]!.passage.id),
        paragraphStart: w.paragraphStart,
        paragraphEnd: w.paragraphEnd,
        text: w.text,
        highlight: w.text.slice(w.highlight.start, w.highlight.end),
      })),
    })),
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
    message,
  };
}
