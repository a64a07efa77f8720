import path from "node:path";
import type { Hit, Verdict } from "../search/mod.ts";
import { hasVietnameseDiacritics } from "../text/mod.ts";
import { holdsSnippet, longestCommonRun, matchWords } from "./snippet.ts";
import type { EvalQuestion, QuestionOutcome, RankedResult } from "./types.ts";

/** Characters of passage text kept in each result of the `--json` output. */
const PREVIEW_CHARS = 240;

/**
 * Whether a report id names one of the gold documents. Questions name documents by file name;
 * the index names them by path under the seeds directory, so a file in a sub-folder matches by
 * its base name as well.
 */
export function isGoldDocument(docId: string, docs: readonly string[]): boolean {
  return docs.some((d) => d === docId || d === path.posix.basename(docId));
}

/** What one search returned, as the judge needs it. */
export interface Searched {
  /** The question as it was asked (after `--strip-diacritics`, if any). */
  asked: string;
  hits: readonly Hit[];
  found: boolean;
  /** The evidence the "found" decision rested on, when the search said. */
  verdict?: Verdict;
  ms: number;
}

/**
 * Judges one search against its question:
 * - document rank: the ranked passages are read as a ranking of documents (each document at the
 *   rank of its best passage); the rank of the first gold document, when within the first `k`;
 * - passage rank: the rank of the first of the first `k` passages that belongs to a gold
 *   document and holds a gold snippet (see {@link holdsSnippet});
 * - `found`: as the search decided.
 * Multi-document questions hit at the first gold document or passage found.
 */
export function judgeSearch(question: EvalQuestion, searched: Searched, k: number): QuestionOutcome {
  const goldWords = question.gold;
  const docOrder: string[] = [];
  let docRank: number | undefined;
  let passageRank: number | undefined;
  const results: RankedResult[] = [];
  searched.hits.forEach((hit, i) => {
    const docId = hit.passage.docId;
    if (!docOrder.includes(docId)) {
      docOrder.push(docId);
      if (docRank === undefined && docOrder.length <= k && isGoldDocument(docId, question.docs)) docRank = docOrder.length;
    }
    if (i >= k) return;
    const goldDoc = isGoldDocument(docId, question.docs);
    let goldPassage = false;
    if (goldDoc && goldWords.length > 0) {
      const words = matchWords(hit.passage.text);
      goldPassage = goldWords.some((g) => holdsSnippet(words, g));
    }
    if (goldPassage && passageRank === undefined) passageRank = i + 1;
    results.push({
      rank: i + 1,
      docId,
      passageId: hit.passage.id,
      title: hit.document.title,
      paragraphs: [hit.passage.paragraphStart, hit.passage.paragraphEnd],
      score: hit.score,
      dense: hit.dense,
      lexical: hit.lexical,
      goldDoc,
      goldPassage,
      preview: hit.passage.text.slice(0, PREVIEW_CHARS),
    });
  });
  return {
    id: question.id,
    question: searched.asked,
    kind: question.kind,
    lang: question.lang,
    diacritics: question.lang !== "vi" ? "n/a" : hasVietnameseDiacritics(searched.asked) ? "with" : "without",
    answerable: question.docs.length > 0,
    docs: question.docs,
    found: searched.found,
    verdict: searched.verdict,
    docRank,
    passageRank,
    ms: searched.ms,
    results,
  };
}

/** The first answer sentence and where it comes from, as the judge needs them. */
export interface Answered {
  verdict: string;
  /** The first answer sentence shown (none for `not_found`). */
  sentence?: { text: string; docId: string };
  /** Characters of the first reply's HTML. */
  messageChars?: number;
}

/**
 * Judges the answer sentence: it hits when it comes from a gold report and holds the gold answer —
 * for SQuAD (`goldIsAnswer`) an answer text whole, for question files a gold snippet or at least
 * half of it (as {@link holdsSnippet} judges passages). A `not_found` reply shows no sentence and
 * never hits; `uncertain` ones are judged like `answered` ones, since they show the sentence too.
 */
export function judgeAnswer(question: EvalQuestion, answered: Answered): Pick<QuestionOutcome, "answerVerdict" | "answerSentence" | "answerHit" | "messageChars"> {
  const s = answered.sentence;
  let hit = false;
  if (s !== undefined && question.docs.length > 0 && isGoldDocument(s.docId, question.docs)) {
    const words = matchWords(s.text);
    hit = question.goldIsAnswer === true
      ? question.gold.some((g) => {
          const gw = matchWords(g);
          return gw.length > 0 && longestCommonRun(words, gw) === gw.length;
        })
      : question.gold.some((g) => holdsSnippet(words, g));
  }
  return { answerVerdict: answered.verdict, answerSentence: s?.text, answerHit: hit, messageChars: answered.messageChars };
}
