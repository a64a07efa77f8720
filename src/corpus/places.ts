/**
 * Where each cleaned paragraph was in the document: the page(s) of a PDF, the section heading of
 * a Word file. Cleaning drops and joins lines, so a paragraph is found back in the reader's text
 * by its letters and digits (which cleaning does not change), in order.
 */
import type { ReportText } from "../read/mod.ts";
import type { ReportPlaces, TextSpan } from "./types.ts";

/** Letters and digits compared; enough to place a paragraph, short enough to survive a stripped tag. */
const KEY_CHARS = 32;

/** The places of `paragraphs` (spans of `text`, the cleaned body) in the reader's `source`; `undefined` when it has no pages or headings. */
export function placesOf(source: ReportText, text: string, paragraphs: readonly TextSpan[]): ReportPlaces | undefined {
  const hasPages = source.pages !== undefined && source.pages.length > 0;
  const hasHeadings = source.headings !== undefined && source.headings.length > 0;
  if (!hasPages && !hasHeadings) return undefined;
  const raw = keyed(source.text);
  const located: { start: number; end: number }[] = [];
  let cursor = 0;
  let lastStart = 0;
  for (const span of paragraphs) {
    const key = keyed(text.slice(span.start, span.end)).key;
    let start = -1;
    // The start, else a piece further in (an outlet tag or a photo mark may have been cut off the start).
    for (const from of [0, Math.floor(key.length / 3), Math.floor((2 * key.length) / 3)]) {
      const probe = key.slice(from, from + KEY_CHARS);
      if (probe === "") break;
      const at = raw.key.indexOf(probe, cursor);
      if (at >= 0) {
        start = Math.max(cursor, at - from);
        break;
      }
    }
    if (start < 0) {
      located.push({ start: lastStart, end: lastStart });
      continue;
    }
    const tail = key.slice(-KEY_CHARS);
    const tailAt = raw.key.indexOf(tail, start);
    const end = tailAt >= 0 ? tailAt + tail.length - 1 : start;
    const startOffset = raw.offsets[Math.min(start, raw.offsets.length - 1)] ?? 0;
    const endOffset = raw.offsets[Math.min(end, raw.offsets.length - 1)] ?? startOffset;
    located.push({ start: startOffset, end: endOffset });
    lastStart = startOffset;
    cursor = Math.max(cursor, end + 1 - Math.min(KEY_CHARS, key.length)); // paragraphs may overlap where cleaning joined lines
  }

  const places: ReportPlaces = {};
  if (hasPages) places.pages = located.map((l) => [pageAt(source, l.start), pageAt(source, l.end)]);
  if (hasHeadings) {
    const sections: { from: number; heading: string }[] = [];
    located.forEach((l, i) => {
      const heading = lastHeadingAt(source, l.start);
      if (heading !== undefined && sections[sections.length - 1]?.heading !== heading) sections.push({ from: i + 1, heading });
    });
    if (sections.length > 0) places.sections = sections;
  }
  if (source.ocrPages !== undefined && source.ocrPages.length > 0) places.ocrPages = [...source.ocrPages];
  return places;
}

/** The letters and digits of `s`, lower case, with the offset in `s` of each. */
function keyed(s: string): { key: string; offsets: number[] } {
  let key = "";
  const offsets: number[] = [];
  let i = 0;
  for (const ch of s) {
    if (/[\p{L}\p{N}]/u.test(ch)) {
      const lower = ch.toLowerCase();
      key += lower;
      for (let k = 0; k < lower.length; k++) offsets.push(i);
    }
    i += ch.length;
  }
  return { key, offsets };
}

function pageAt(source: ReportText, offset: number): number {
  const starts = source.pages!;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return source.pageNumbers?.[lo] ?? lo + 1;
}

function lastHeadingAt(source: ReportText, offset: number): string | undefined {
  let found: string | undefined;
  for (const h of source.headings ?? []) {
    if (h.offset <= offset) found = h.text;
    else break;
  }
  return found;
}

/** What a citation says of where paragraphs `from`–`to` (1-based) are: pages, section, whether OCR read them. */
export interface PlaceOfPassage {
  pageStart?: number;
  pageEnd?: number;
  section?: string;
  ocr?: boolean;
}

/** The place of paragraphs `from`–`to` (1-based) of a report with these places. */
export function placeOfParagraphs(places: ReportPlaces | undefined, from: number, to: number): PlaceOfPassage {
  if (places === undefined) return {};
  const out: PlaceOfPassage = {};
  const first = places.pages?.[from - 1];
  const last = places.pages?.[to - 1];
  if (first !== undefined && last !== undefined) {
    out.pageStart = first[0];
    out.pageEnd = last[1];
    if (places.ocrPages?.some((p) => p >= out.pageStart! && p <= out.pageEnd!)) out.ocr = true;
  }
  const section = places.sections?.filter((s) => s.from <= from).at(-1);
  if (section !== undefined) out.section = section.heading;
  return out;
}
