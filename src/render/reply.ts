import path from "node:path";
import { isKeywordQuery } from "../answer/mod.ts";
import type { AnswerData, AnswerSentence, SourceGroup, SourceWindow } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";
import { formatDate } from "./citation.ts";
import { clip, htmlMessage, safeUrl } from "./html.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import { escapeHtml, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "./split-message.ts";
import type { MessageBlock, QuoteRun } from "./split-message.ts";

/** Longest question echoed and longest report title shown, in characters. */
const MAX_ECHO = 120;

/**
 * What a report is called in a reply: its title, or — only when it has none — its file name. A
 * report without a title line gets its file name as title when indexed, so the two are compared.
 */
export function reportName(group: Pick<SourceGroup, "title" | "file">): { text: string; isFile: boolean } {
  const title = group.title.trim();
  const base = path.posix.basename(group.file);
  const stem = base.replace(/\.[^.]+$/, "");
  const isFile = title === "" || title === group.file || title === base || title === stem;
  return { text: isFile ? base : title, isFile };
}

/** "23/06/2022 · Ban Dân vận Tỉnh ủy": what is said once per report after its name (date, organisation). */
export function reportDetails(group: SourceGroup, lang: Lang, messages: Messages): string {
  const parts: string[] = [];
  if (group.date !== undefined) parts.push(formatDate(group.date, lang, messages));
  if (group.organisation !== undefined && group.organisation.trim() !== "") parts.push(group.organisation.trim());
  return parts.join(" · ");
}

/** "đoạn văn 3" / "paragraphs 3–4": where a window sits in its report. */
export function windowPlace(w: Pick<SourceWindow, "paragraphStart" | "paragraphEnd">, lang: Lang, messages: Messages): string {
  return w.paragraphStart === w.paragraphEnd
    ? `${message(messages, lang, "citation.paragraph")} ${w.paragraphStart}`
    : `${message(messages, lang, "citation.paragraphs")} ${w.paragraphStart}–${w.paragraphEnd}`;
}

/**
 * The marks around a window where its passage goes on: "…" glued to a cut word, set apart by a
 * space after a finished sentence ("ANTT. …" rather than "ANTT.…"), none after a "…" of its own.
 */
function cutMarks(w: Pick<SourceWindow, "text" | "cutBefore" | "cutAfter">): { before: string; after: string } {
  const end = w.text.trimEnd();
  const after = !w.cutAfter || /(?:…|\.\.\.)["”’)]*$/u.test(end) ? "" : /[.!?;:]["”’)]*$/u.test(end) ? " …" : "…";
  return { before: w.cutBefore ? "…" : "", after };
}

/**
 * The line a reply opens with, for its verdict: "Theo báo cáo:" above the answer, the "not sure"
 * warning, or "nothing in the reports". For a few keywords typed to find what the reports say about
 * a topic, each names that topic ("Các báo cáo viết về «ANTT»:"), since no question was asked.
 */
export function verdictLine(data: Pick<AnswerData, "question" | "verdict">): [key: string, vars: Record<string, string>] {
  const key = data.verdict === "answered" ? "answer.lead" : data.verdict === "uncertain" ? "answer.uncertain" : "answer.not_found";
  return isKeywordQuery(data.question) ? [`${key}_topic`, { query: clip(data.question.trim(), MAX_ECHO) }] : [key, {}];
}

/** An answer sentence as the reply's first lines show it: bold, "…" where it was cut from its sentence, then its [n]. */
export function answerLine(s: Pick<AnswerSentence, "text" | "n" | "cutBefore" | "cutAfter">, bold: (text: string) => string): string {
  const marks = cutMarks(s);
  return `${marks.before}${bold(s.text)}${marks.after} [${s.n}]`;
}

/** A window's text as quote runs: "…" where it was cut, its best sentence bold. */
export function windowRuns(w: Pick<SourceWindow, "text" | "highlight" | "cutBefore" | "cutAfter">): QuoteRun[] {
  const { text, highlight } = w;
  const marks = cutMarks(w);
  const runs: QuoteRun[] = [
    { text: `${marks.before}${text.slice(0, highlight.start)}` },
    { text: text.slice(highlight.start, highlight.end), bold: true },
    { text: `${text.slice(highlight.end)}${marks.after}` },
  ];
  // A paragraph break inside a short window is one line break: a blank line would waste the screen.
  return runs.map((r) => ({ ...r, text: r.text.replace(/\n\s*\n/g, "\n") })).filter((r) => r.text !== "");
}

/** One report's block: its name (bold; the file name in code where it has no title), its details, then each window. */
function groupBlocks(group: SourceGroup, lang: Lang, messages: Messages): MessageBlock[] {
  const name = reportName(group);
  const shown = name.isFile ? `<code>${escapeHtml(name.text)}</code>` : `<b>${escapeHtml(clip(name.text, MAX_ECHO))}</b>`;
  const details = reportDetails(group, lang, messages);
  const link = safeUrl(group.url);
  const head = [`📄 ${shown}`, details === "" ? "" : `<i>${escapeHtml(details)}</i>`, link === undefined ? "" : `<a href="${escapeHtml(link)}">${htmlMessage(messages, lang, "citation.link")}</a>`]
    .filter((l) => l !== "")
    .join("\n");
  return group.windows.map((w, i) => ({
    html: `${i === 0 ? `${head}\n` : ""}[${w.n}] <i>${escapeHtml(windowPlace(w, lang, messages))}</i>`,
    quote: windowRuns(w),
    expandable: false,
  }));
}

/**
 * The reply as message blocks, answer first:
 * - `answered`: a short lead, the answer sentence(s) in bold, each with its [n];
 * - `uncertain`: "not sure the reports answer this; the closest passages, the closest sentence bold";
 * - `not_found`: that the reports do not answer, and where to see what they cover;
 * then the sources grouped by report — name, date and organisation once, each window with its
 * best sentence bold, open (not collapsed) since a window is short. A "more results" page (no
 * answer sentences) gets the "more" header instead.
 */
export function replyBlocks(data: AnswerData, messages: Messages, page?: { from: number; to: number }): MessageBlock[] {
  const { lang } = data;
  if (data.verdict === "not_found" || data.groups.length === 0) {
    if (page !== undefined) return [{ html: htmlMessage(messages, lang, "bot.no_more") }];
    return [{ html: `${htmlMessage(messages, lang, ...verdictLine({ ...data, verdict: "not_found" }))}\n${htmlMessage(messages, lang, "answer.not_found_hint")}` }];
  }
  const blocks: MessageBlock[] = [];
  if (page !== undefined) {
    blocks.push({ html: htmlMessage(messages, lang, "answer.more_header", { question: clip(data.question, MAX_ECHO), from: page.from, to: page.to }) });
  } else if (data.verdict === "answered") {
    const sentences = data.sentences.map((s) => answerLine(s, (text) => `<b>${escapeHtml(text)}</b>`)).join("\n");
    blocks.push({ html: `${htmlMessage(messages, lang, ...verdictLine(data))}\n${sentences}` });
  } else {
    // The closest sentence is bold in its window just below: said once, not as an answer.
    blocks.push({ html: htmlMessage(messages, lang, ...verdictLine({ ...data, verdict: "uncertain" })) });
  }
  for (const group of data.groups) blocks.push(...groupBlocks(group, lang, messages));
  return blocks;
}

/**
 * The blocks of the reply to a question as the bot sends it: a note first when the question was
 * cut to `truncatedTo` characters, then {@link replyBlocks}.
 */
export function questionReplyBlocks(data: AnswerData, messages: Messages, truncatedTo?: number): MessageBlock[] {
  const blocks = replyBlocks(data, messages);
  if (truncatedTo !== undefined) blocks.unshift({ html: htmlMessage(messages, data.lang, "bot.truncated", { max: truncatedTo }) });
  return blocks;
}

/** The reply as Telegram HTML messages (one, within the limits, for a usual answer). */
export function replyHtml(data: AnswerData, messages: Messages, page?: { from: number; to: number }, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  return splitMessage(replyBlocks(data, messages, page), limit);
}

/**
 * About one phone screen: the first reply is kept within this many characters (HTML) when it can
 * be, by leaving its last windows to "more results" (measured: docs/measurements/2026-12-02-verdicts.md).
 */
export const REPLY_BUDGET = 1500;

/**
 * The reply data with its last source windows left out (never one an answer sentence cites) until
 * the first reply fits `budget` characters; the windows left out come back under "more results".
 */
export function fitReply(data: AnswerData, messages: Messages, budget = REPLY_BUDGET): AnswerData {
  let fitted = data;
  const cited = new Set(data.sentences.map((s) => s.n));
  while ((replyHtml(fitted, messages)[0] ?? "").length > budget) {
    const windows = replyWindows(fitted);
    const drop = [...windows].reverse().find((w) => !cited.has(w.n));
    if (drop === undefined) break;
    const groups = fitted.groups.map((g) => ({ ...g, windows: g.windows.filter((w) => w !== drop) })).filter((g) => g.windows.length > 0);
    const shown = fitted.shown.filter((i) => !drop.hits.includes(i));
    const next = Math.min(fitted.next ?? Number.POSITIVE_INFINITY, ...drop.hits);
    fitted = { ...fitted, groups, shown, next };
  }
  if (fitted === data) return data;
  // Number the windows left 1, 2, 3… again, and the answer sentences' [n] with them.
  const first = replyWindows(data)[0]?.n ?? 1;
  const renumbered = new Map(replyWindows(fitted).map((w, i) => [w.n, first + i]));
  return {
    ...fitted,
    groups: fitted.groups.map((g) => ({ ...g, windows: g.windows.map((w) => ({ ...w, n: renumbered.get(w.n)! })) })),
    sentences: fitted.sentences.map((s) => ({ ...s, n: renumbered.get(s.n) ?? s.n })),
  };
}

/** The windows of a reply in order, numbered: what the "Full [n]" buttons open. */
export function replyWindows(data: AnswerData): SourceWindow[] {
  return data.groups.flatMap((g) => g.windows);
}
