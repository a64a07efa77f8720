/**
 * Character-level clean-up of a decoded document, before any line is judged: one Unicode form,
 * one kind of space, one kind of line break.
 */
import { INVISIBLE } from "../text/mod.ts";

/** Spaces that are not U+0020: tab, NBSP (common in pages copied from the web), the U+2000 block, ideographic. */
const ODD_SPACES = /[\t\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/** Control characters left after line breaks and tabs have been dealt with. */
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/**
 * Splits a document into trimmed lines after Unicode NFC normalisation (so "ệ" typed as e + two
 * combining marks equals the precomposed letter), with every line-break convention (CRLF, CR,
 * U+2028/2029, form feed) turned into "\n", tabs and non-breaking or typographic spaces turned
 * into plain spaces, runs of spaces collapsed, and invisible and control characters removed.
 * Blank lines are kept as "" because they separate paragraphs.
 */
export function normalizeLines(text: string): string[] {
  return text
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029\u0085\f]/g, "\n")
    .replace(INVISIBLE, "")
    .replace(ODD_SPACES, " ")
    .replace(CONTROLS, "")
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").trim());
}

/**
 * Light Markdown clean-up for `.md` reports, so markup does not end up in passages: a leading
 * front-matter block, heading hashes, images (their alt text is usually a file name), link targets,
 * bold markers and code fences go; list markers and the text itself stay. Not a Markdown parser:
 * reports are prose, and this is all of Markdown they use in practice.
 */
export function stripMarkdown(lines: string[]): string[] {
  let out = lines;
  if (out[0] === "---") {
    const close = out.indexOf("---", 1);
    if (close > 0) out = out.slice(close + 1);
  }
  return out.map((line) =>
    line
      .replace(/^```.*$/, "")
      .replace(/^#{1,6}\s+(.*?)(?:\s+#+)?$/, "$1")
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
      .trim(),
  );
}
