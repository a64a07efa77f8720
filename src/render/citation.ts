import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import type { Citation } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";

/** A date as readers of `lang` write it: 23/06/2022 in Vietnamese, 2022-06-23 in English. */
export function formatDate(iso: string | undefined, lang: Lang, messages: Messages): string {
  if (iso === undefined) return message(messages, lang, "citation.no_date");
  const [y, m, d] = iso.split("-");
  return lang === "vi" && d !== undefined ? `${d}/${m}/${y}` : iso;
}

/** "đoạn 3" or "đoạn 3–4" (paragraph numbers are 1-based). */
export function formatParagraphs(c: Citation, lang: Lang, messages: Messages): string {
  return c.paragraphStart === c.paragraphEnd
    ? `${message(messages, lang, "citation.paragraph")} ${c.paragraphStart}`
    : `${message(messages, lang, "citation.paragraphs")} ${c.paragraphStart}–${c.paragraphEnd}`;
}

/** The parts of a citation line after the title, as plain text: "23/06/2022 · tệp 002_x.txt · đoạn 3". */
export function citationDetails(c: Citation, lang: Lang, messages: Messages): string[] {
  return [formatDate(c.date, lang, messages), `${message(messages, lang, "citation.file")} ${c.file}`, formatParagraphs(c, lang, messages)];
}
