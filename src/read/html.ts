/**
 * .html/.htm → report text: the page's main content, found by @mozilla/readability (Firefox's
 * reader view; it drops menus, sidebars, comment blocks and related-article lists that saved news
 * pages carry) on a DOM from linkedom (a light DOM that is enough for it; jsdom would be ten times
 * the install). The page's <title> or Open Graph title is its title property.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { linesFromHtml } from "./html-blocks.ts";
import { describeConversion, repairLegacyLines } from "./legacy.ts";
import { propertyDate, usableTitle } from "./properties.ts";
import { reason } from "./reasons.ts";
import type { ReadResult } from "./types.ts";

/** Reads a saved web page. */
export function readHtml(bytes: Uint8Array): ReadResult {
  const html = decodeHtml(bytes);
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector('meta[property="og:title"]')?.getAttribute("content") ?? document.title;
  const published = document.querySelector('meta[property="article:published_time"]')?.getAttribute("content") ?? undefined;
  let article: ReturnType<Readability["parse"]> = null;
  try {
    // Readability changes the DOM it reads; it gets its own copy.
    article = new Readability(parseHTML(html).document as never, { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  let lines: { text: string; headings: { offset: number; text: string; level: number }[] };
  if (article?.content) {
    const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
    lines = linesFromHtml(content.body as never);
  } else {
    // Too little for Readability to pick a main part: the whole body.
    lines = document.body === null ? { text: "", headings: [] } : linesFromHtml(document.body as never);
  }
  if (lines.text.trim() === "") return { ok: false, reason: reason("read.html_no_text") };
  const repaired = repairLegacyLines(lines.text);
  const note = describeConversion(repaired.converted);
  const title = usableTitle(article?.title ?? pageTitle);
  const date = propertyDate(article?.publishedTime ?? published);
  return {
    ok: true,
    report: {
      format: "html",
      // The title as the first line, as a saved page shows it, so the text-based detection agrees.
      text: title !== undefined && !lines.text.startsWith(title) ? `${title}\n\n${repaired.text}` : repaired.text,
      headings: title !== undefined && !lines.text.startsWith(title) ? lines.headings.map((h) => ({ ...h, offset: h.offset + title.length + 2 })) : lines.headings,
      notes: note === undefined ? [] : [note],
      ...(title === undefined ? {} : { title }),
      ...(date === undefined ? {} : { date }),
    },
  };
}

/** The page's text: the charset its <meta> names when the decoder knows it, else UTF-8. */
function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset).decode(bytes).normalize("NFC");
    } catch {
      // An unknown charset name: fall through to UTF-8.
    }
  }
  return new TextDecoder("utf-8").decode(bytes).normalize("NFC");
}
