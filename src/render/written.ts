import type { Answer, AnswerData } from "../answer/mod.ts";
import { removeLinks } from "../llm/mod.ts";
import type { CheckedAnswer, FallbackReason } from "../llm/mod.ts";
import { cutText } from "../text/mod.ts";
import type { Lang } from "../text/mod.ts";
import { citationHtml, clip, highlightRuns, htmlMessage } from "./html.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT } from "./split-message.ts";
import type { MessageBlock } from "./split-message.ts";
import { questionReplyBlocks } from "./reply.ts";
import { replyText } from "./reply-text.ts";
import type { TextStyle } from "./reply-text.ts";
import { renderAnswerText } from "./text.ts";

/** Longest question echoed in the header. */
const MAX_ECHO = 200;
/** Longest draft shown while the answer streams (the final message is split properly). */
const MAX_DRAFT_CHARS = 3000;

/** The model's text made safe to show: links, e-mail addresses and @usernames replaced. */
export function safeWrittenText(text: string, lang: Lang, messages: Messages): string {
  return removeLinks(text, message(messages, lang, "llm.link_removed")).text;
}

/**
 * One paragraph of the model's text as Telegram HTML. The text is untrusted: it is escaped whole,
 * and only then are `**bold**` pairs (which models write despite being asked not to) made bold,
 * so no markup of the model's own can reach Telegram.
 */
export function writtenParagraphHtml(paragraph: string): string {
  return escapeHtml(paragraph).replace(/\*\*([^*\n]+?)\*\*/g, "<b>$1</b>");
}

/** The model's paragraphs (blank-line or line separated), links removed. */
function paragraphs(text: string, lang: Lang, messages: Messages): string[] {
  return safeWrittenText(text, lang, messages)
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** The items of `answer` that `written` cites, in the order they are listed. */
export function citedItems(answer: Answer, written: Pick<CheckedAnswer, "cited">): Answer["items"] {
  return answer.items.filter((item) => written.cited.includes(item.n));
}

/**
 * The final reply with a written answer: a header saying who wrote it and to check it, the answer
 * (escaped, links removed), a note when citations were removed, then every cited passage with its
 * citation, rendered as in the extractive answer, so each claim can be checked under it.
 */
export function writtenAnswerBlocks(answer: Answer, written: CheckedAnswer, messages: Messages): MessageBlock[] {
  const { lang } = answer;
  const blocks: MessageBlock[] = [{ html: `<b>${htmlMessage(messages, lang, "llm.header", { question: clip(answer.question, MAX_ECHO) })}</b>` }];
  for (const p of paragraphs(written.text, lang, messages)) blocks.push({ html: writtenParagraphHtml(p) });
  if (written.removed.length > 0) {
    const numbers = [...new Set(written.removed)].map((n) => `[${n}]`).join(" ");
    blocks.push({ html: `<i>${htmlMessage(messages, lang, "llm.removed_citations", { numbers })}</i>` });
  }
  blocks.push({ html: `<i>${htmlMessage(messages, lang, "llm.sources")}</i>` });
  for (const item of citedItems(answer, written)) blocks.push({ html: citationHtml(item.citation, lang, messages), quote: highlightRuns(item) });
  return blocks;
}

/** The reply without an LLM (the answer first, the sources grouped by report), after a short note saying why there is no written answer. */
export function fallbackBlocks(data: AnswerData, reason: FallbackReason, messages: Messages, truncatedTo?: number): MessageBlock[] {
  return [{ html: `<i>${htmlMessage(messages, data.lang, `llm.note.${reason}`)}</i>` }, ...questionReplyBlocks(data, messages, truncatedTo)];
}

/**
 * The message shown while the answer is written: "writing…", then the part written so far (checked
 * like the final answer, escaped, links removed), cut to fit one message.
 */
export function draftHtml(draft: CheckedAnswer | undefined, lang: Lang, messages: Messages): string {
  const head = `<i>${htmlMessage(messages, lang, "llm.drafting")}</i>`;
  if (draft === undefined) return head;
  const render = (max: number) => {
    const text = draft.text.length > max ? `${cutText(draft.text, max)}…` : draft.text;
    return `${head}\n\n${paragraphs(text, lang, messages).map(writtenParagraphHtml).join("\n\n")} …`;
  };
  let html = render(MAX_DRAFT_CHARS);
  // Escaping lengthens text (& → &amp;): cut harder in the rare draft that then no longer fits.
  for (let max = MAX_DRAFT_CHARS / 2; html.length > TELEGRAM_MESSAGE_LIMIT && max >= 100; max /= 2) html = render(max);
  return html;
}

/** The written answer as plain text for the terminal, then the cited passages as the extractive answer shows them. */
export function renderWrittenText(answer: Answer, written: CheckedAnswer, messages: Messages): string {
  const { lang } = answer;
  const lines = [message(messages, lang, "llm.header", { question: answer.question }), "", ...paragraphs(written.text, lang, messages)];
  if (written.removed.length > 0) lines.push("", message(messages, lang, "llm.removed_citations", { numbers: [...new Set(written.removed)].map((n) => `[${n}]`).join(" ") }));
  return `${lines.join("\n")}\n\n${renderAnswerText({ ...answer, items: citedItems(answer, written) }, messages)}`;
}

/** The reply without an LLM as terminal text, after the note saying why there is no written answer. */
export function renderFallbackText(data: AnswerData, reason: FallbackReason, messages: Messages, style?: TextStyle): string {
  return `(${message(messages, data.lang, `llm.note.${reason}`)})\n\n${replyText(data, messages, style)}`;
}
