import type { AnswerData } from "../answer/mod.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import { answerLine, reportDetails, reportName, verdictLine, windowPlace, windowRuns } from "./reply.ts";

/** How emphasis is written: terminal bold on a terminal, nothing in a pipe or file. */
export interface TextStyle {
  bold(text: string): string;
}

/** Bold as a terminal shows it (SGR 1 … 22). */
export const TERMINAL_BOLD: TextStyle = { bold: (t) => `\u001b[1m${t}\u001b[22m` };
/** No emphasis: for output that is piped or saved. */
export const PLAIN: TextStyle = { bold: (t) => t };

/**
 * The reply as terminal text, in the same order and with the same content as the Telegram reply
 * (see `replyBlocks`): the answer first, then the sources grouped by report, each window indented
 * with its best sentence emphasised.
 */
export function replyText(data: AnswerData, messages: Messages, style: TextStyle = PLAIN, page?: { from: number; to: number }): string {
  const { lang } = data;
  if (data.verdict === "not_found" || data.groups.length === 0) {
    if (page !== undefined) return message(messages, lang, "bot.no_more");
    return `${message(messages, lang, ...verdictLine({ ...data, verdict: "not_found" }))}\n${message(messages, lang, "answer.not_found_hint")}`;
  }
  const parts: string[] = [];
  if (page !== undefined) parts.push(message(messages, lang, "answer.more_header", { question: data.question, from: page.from, to: page.to }));
  else if (data.verdict === "answered") {
    parts.push([message(messages, lang, ...verdictLine(data)), ...data.sentences.map((s) => answerLine(s, style.bold))].join("\n"));
  } else parts.push(message(messages, lang, ...verdictLine({ ...data, verdict: "uncertain" })).replace(/<\/?i>/g, ""));
  for (const group of data.groups) {
    const details = reportDetails(group, lang, messages);
    const lines = [`📄 ${reportName(group).text}`];
    if (details !== "") lines.push(`   ${details}`);
    if (group.url !== undefined) lines.push(`   ${group.url}`);
    for (const w of group.windows) {
      // The bot's quote runs: the same cut marks, bold sentence and line breaks.
      const body = windowRuns(w).map((r) => (r.bold === true ? style.bold(r.text) : r.text)).join("");
      lines.push(`[${w.n}] ${windowPlace(w, lang, messages)}`, body.replace(/^/gm, "    "));
    }
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n");
}

/**
 * A Telegram HTML text (a command reply, a reindex summary) as terminal text: bold kept as
 * `style` writes it, every other tag dropped, the four entities decoded.
 */
export function htmlToTerminal(html: string, style: TextStyle = PLAIN): string {
  return html
    .replace(/<b>([\s\S]*?)<\/b>/g, (_, inner: string) => style.bold(inner))
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
