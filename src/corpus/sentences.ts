/**
 * Sentence boundaries in Vietnamese report text.
 *
 * The base is Unicode sentence segmentation (UAX #29, via `Intl.Segmenter`), which already keeps
 * numbers ("16.628", "03/6/2013"), codes ("25-NQ/TW"), dotted names without a space ("TP.HCM"),
 * "..." before a lower-case word ("vận động,... qua đó") and closing quotes after a full stop
 * ("… phục vụ”.") right. On top of it, for the way Vietnamese reports are written:
 * - no sentence crosses a line break (paragraphs are lines);
 * - an abbreviation with a full stop does not end a sentence when a name or number follows:
 *   "Tp. Hồ Chí Minh", "TS. Nguyễn Văn A", "PGS. TS.", and initials ("Nguyễn V. A. Hùng").
 *   The price: a sentence really ending in a single capital ("… khu vực A. Sau đó …") is kept
 *   together with the next one;
 * - a list marker alone ("1.", "a)", "II.") belongs to the sentence after it;
 * - "…" followed by a capitalised word ends a sentence, like "..." does;
 * - a full stop after a word followed by a number ends a sentence ("… năm qua. 123 tập thể …"),
 *   which UAX #29 misses because it looks past digits for a lower-case word.
 */
import type { TextSpan } from "./types.ts";

const SEGMENTER = new Intl.Segmenter("vi", { granularity: "sentence" });

/** Abbreviations that a name or a number follows: "TP. Hồ Chí Minh", "ThS. Lê Văn B". */
const TITLE_ABBREVIATIONS = ["TP", "Tp", "TX", "Tx", "TT", "ThS", "Th.S", "TS", "PGS", "GS", "BS", "Bs", "KS", "NXB", "Mr", "Mrs", "Ms", "Dr", "Prof", "St"];
/** Abbreviations that only a number follows: "tr. 5", "No. 3", "Q. 1", "P. 7". */
const NUMBER_ABBREVIATIONS = ["tr", "No", "no", "Q", "P", "K", "Số", "số"];

const escape = (s: string) => s.replace(/[.]/g, "\\.");
const ENDS_WITH_TITLE_ABBREVIATION = new RegExp(`(?<![\\p{L}\\p{N}])(?:${TITLE_ABBREVIATIONS.map(escape).join("|")}|\\p{Lu})\\.$`, "u");
const ENDS_WITH_NUMBER_ABBREVIATION = new RegExp(`(?<![\\p{L}\\p{N}.])(?:${NUMBER_ABBREVIATIONS.join("|")})\\.$`, "u");
const LIST_MARKER = /^(?:\d+(?:\.\d+)*|[\p{L}]|[IVXLC]+)[.)]$/u;
/**
 * Where UAX #29 misses a break: after "…" before a capital, after ". " before a number. The
 * full stop is matched before the letters behind it are looked at: looking behind at every
 * position of every line makes it the costliest pattern of reading reports.
 */
const MISSED_BREAK = /…["”’)\]]*(?=\s+["“‘(]?\p{Lu})|[.!?](?<=\p{L}{2}[.!?])["”’)\]]*(?=\s+\d)/gu;

/**
 * The sentences of `text` as spans into it, in order, without surrounding whitespace. Works on a
 * whole report text (paragraphs separated by blank lines) or on a single passage.
 */
export function splitSentences(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  let lineStart = 0;
  for (const line of text.split("\n")) {
    for (const s of lineSentences(line)) out.push({ start: s.start + lineStart, end: s.end + lineStart });
    lineStart += line.length + 1;
  }
  return out;
}

function lineSentences(line: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const { segment, index } of SEGMENTER.segment(line)) {
    for (const s of splitMissedBreaks(line, index, index + segment.length)) spans.push(s);
  }
  return mergeFalseBreaks(line, spans);
}

function splitMissedBreaks(line: string, start: number, end: number): TextSpan[] {
  const piece = line.slice(start, end);
  const cuts = [0];
  for (const m of piece.matchAll(MISSED_BREAK)) {
    const before = piece.slice(0, m.index + m[0].length);
    if (!ENDS_WITH_NUMBER_ABBREVIATION.test(before)) cuts.push(m.index + m[0].length);
  }
  cuts.push(piece.length);
  const spans: TextSpan[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const span = trim(line, start + cuts[i]!, start + cuts[i + 1]!);
    if (span !== undefined) spans.push(span);
  }
  return spans;
}

function mergeFalseBreaks(line: string, spans: TextSpan[]): TextSpan[] {
  const out: TextSpan[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    if (prev !== undefined && continuesInto(line.slice(prev.start, prev.end), line.slice(span.start, span.end))) prev.end = span.end;
    else out.push({ ...span });
  }
  return out;
}

/** Whether a break between these two pieces is false: the first ends in an abbreviation or is a list marker. */
function continuesInto(first: string, next: string): boolean {
  if (LIST_MARKER.test(first) || !/[\p{L}\p{N}]/u.test(first)) return true;
  if (ENDS_WITH_TITLE_ABBREVIATION.test(first) && /^["“‘(]?[\p{Lu}\d]/u.test(next)) return true;
  return ENDS_WITH_NUMBER_ABBREVIATION.test(first) && /^\d/.test(next);
}

function trim(text: string, start: number, end: number): TextSpan | undefined {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : undefined;
}
