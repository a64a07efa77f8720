import type { DocumentEntry, IndexedPassage } from "../index/mod.ts";
import type { Hit, SearchResult } from "../search/mod.ts";
import { detectLanguage } from "../text/mod.ts";
import { bestSentence } from "./highlight.ts";
import type { Lang } from "../text/mod.ts";
import type { Answer, AnswerItem, Citation } from "./types.ts";

/** Which slice of the ranked hits to show. */
export interface AnswerPage {
  offset: number;
  count: number;
}

/**
 * Turns ranked hits into a cited, extractive answer: the passages in rank order, numbered from
 * `offset + 1`, each with its citation and best-matching sentence. An unanswered question gives an
 * answer with `found: false` and no items.
 */
export function composeAnswer(result: SearchResult, page: AnswerPage, lang: Lang = detectLanguage(result.question)): Answer {
  const slice = result.found ? result.hits.slice(page.offset, page.offset + page.count) : [];
  return {
    question: result.question,
    lang,
    found: result.found,
    items: slice.map((hit, i) => answerItem(hit, page.offset + i + 1, result.question)),
    offset: page.offset,
    total: result.found ? result.hits.length : 0,
  };
}

function answerItem(hit: Hit, n: number, question: string): AnswerItem {
  return {
    n,
    citation: citationOf(hit.passage, hit.document, n),
    passageId: hit.passage.id,
    text: hit.passage.text,
    highlight: bestSentence(hit.passage.text, question),
    score: hit.score,
    dense: hit.dense,
    lexical: hit.lexical,
  };
}

/** The citation of a passage of a report: report title, date, file, paragraphs, link. */
export function citationOf(passage: IndexedPassage, d: DocumentEntry, n: number): Citation {
  return {
    n,
    docId: d.id,
    title: d.title,
    date: d.date,
    file: d.file,
    paragraphStart: passage.paragraphStart,
    paragraphEnd: passage.paragraphEnd,
    paragraphCount: d.paragraphCount,
    url: d.url,
    organisation: d.organisation,
    author: d.author,
  };
}
