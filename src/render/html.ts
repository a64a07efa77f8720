import { citationDetails } from "./citation.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import { cutText } from "../text/mod.ts";
import type { Lang } from "../text/mod.ts";
import { escapeHtml } from "./split-message.ts";
import type { QuoteRun } from "./split-message.ts";
import type { AnswerItem, Citation } from "../answer/mod.ts";

/** Longest question echoed in a header, and longest report title shown, in characters. */
const MAX_ECHO = 200;

/** `text` cut to `max` characters at a space when there is one near, with "…" when cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  if (flat.length <= max) return flat;
  const cut = cutText(flat, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * A message template filled for Telegram HTML: the placeholders' values are escaped, the template
 * itself (from the messages file, trusted) is not, so it may carry `<b>` and the like.
 */
export function htmlMessage(messages: Messages, lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const escaped = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(String(v))]));
  return message(messages, lang, key, escaped);
}

/** Only http(s) links are shown as links; anything else would make Telegram reject the message. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "<b>[1] Title</b>" and the details line (date · file · paragraph), with the link if any. */
export function citationHtml(c: Citation, lang: Lang, messages: Messages): string {
  const lines = [`<b>[${c.n}] ${escapeHtml(clip(c.title, MAX_ECHO))}</b>`, `<i>${escapeHtml(citationDetails(c, lang, messages).join(" · "))}</i>`];
  const url = safeUrl(c.url);
  if (url !== undefined) lines.push(`<a href="${escapeHtml(url)}">${htmlMessage(messages, lang, "citation.link")}</a>`);
  return lines.join("\n");
}

/** The passage as quote runs, its best-matching sentence in bold. */
export function highlightRuns(item: Pick<AnswerItem, "text" | "highlight">): QuoteRun[] {
  const { text } = item;
  const start = Math.max(0, Math.min(item.highlight.start, text.length));
  const end = Math.max(start, Math.min(item.highlight.end, text.length));
  return [
    { text: text.slice(0, start) },
    { text: text.slice(start, end), bold: true },
    { text: text.slice(end) },
  ].filter((r) => r.text !== "");
}
