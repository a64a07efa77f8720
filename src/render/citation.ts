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

/** "trang 3", "trang 3–4", with "(OCR)" when the text was read from a scan; `undefined` without pages. */
export function formatPages(c: Citation, lang: Lang, messages: Messages): string | undefined {
  if (c.pageStart === undefined) return undefined;
  const pages =
    c.pageEnd === undefined || c.pageEnd === c.pageStart
      ? `${message(messages, lang, "citation.page")} ${c.pageStart}`
      : `${message(messages, lang, "citation.pages")} ${c.pageStart}–${c.pageEnd}`;
  return c.ocr === true ? `${pages} (OCR)` : pages;
}

/**
 * The parts of a citation line after the title, as plain text: "23/06/2022 · Ban Dân vận · trang 3
 * · đoạn văn 3". A date only when the report has one, the page where the format has pages, and the
 * file only when the report has no title of its own (its title is then its file name, shown as the
 * title).
 */
export function citationDetails(c: Citation, lang: Lang, messages: Messages): string[] {
  const parts: string[] = [];
  if (c.date !== undefined) parts.push(formatDate(c.date, lang, messages));
  if (c.organisation !== undefined && c.organisation.trim() !== "") parts.push(c.organisation.trim());
  const pages = formatPages(c, lang, messages);
  if (pages !== undefined) parts.push(pages);
  parts.push(formatParagraphs(c, lang, messages));
  return parts;
}
