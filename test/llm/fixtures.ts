import { extractAnswer } from "../../src/answer/mod.ts";
import type { Answer, AnswerData, AnswerItem } from "../../src/answer/mod.ts";
import { doc, hit, passage, result } from "../answer/fixtures.ts";

/** A cited passage as the answer stage makes them, numbered `n`. */
export function item(n: number, text: string, title = `Báo cáo số ${n}`): AnswerItem {
  return {
    n,
    citation: { n, docId: `doc${n}`, title, date: "2022-06-23", file: `00${n}_report.txt`, paragraphStart: 2, paragraphEnd: 2, paragraphCount: 9 },
    passageId: `doc${n}:${n}`,
    text,
    highlight: { start: 0, end: text.length },
    score: 1 / n,
  };
}

/** An answer over `items`, as the bot would show it. */
export function answerOf(question: string, items: AnswerItem[], lang: Answer["lang"] = "vi"): Answer {
  return { question, lang, found: true, items, offset: 0, total: items.length + 3 };
}

/** The reply without an LLM for `question` over the texts of `items` (each from its own report, "Báo cáo số n"). */
export function replyDataOf(question: string, items: readonly AnswerItem[], lang: Answer["lang"] = "vi"): Promise<AnswerData> {
  const hits = items.map((i) => {
    const report = doc(i.citation.docId, { title: i.citation.title, date: i.citation.date, file: i.citation.file });
    return hit(report, passage(report, 0, 0, i.text), i.score, i.score);
  });
  return extractAnswer(result(question, hits), { pageSize: items.length, lang });
}
