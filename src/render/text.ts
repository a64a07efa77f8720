import { citationDetails } from "./citation.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import type { Answer } from "../answer/mod.ts";

/**
 * The answer as plain text, for the terminal: the same content and order as the Telegram reply,
 * with the best-matching sentence between » «.
 */
export function renderAnswerText(answer: Answer, messages: Messages): string {
  const { lang } = answer;
  if (!answer.found || answer.items.length === 0) {
    return `${message(messages, lang, "answer.not_found")}\n${message(messages, lang, "answer.not_found_hint")}`;
  }
  const blocks = answer.items.map((item) => {
    const c = item.citation;
    const head = `[${item.n}] ${c.title}\n    ${citationDetails(c, lang, messages).join(" · ")}${c.url ? `\n    ${c.url}` : ""}`;
    const { start, end } = item.highlight;
    const body = `${item.text.slice(0, start)}»${item.text.slice(start, end)}«${item.text.slice(end)}`;
    return `${head}\n${body.replace(/^/gm, "    ")}`;
  });
  return [message(messages, lang, "answer.header", { question: answer.question }), ...blocks].join("\n\n");
}
