/**
 * A PDF page's positioned text pieces → lines → paragraphs. PDFs keep no paragraphs, only glyphs at
 * positions: a line is the pieces at one height; a paragraph ends where the gap to the next line is
 * wider than the usual line spacing, where a line stops well short of the right edge, or where the
 * next line is indented. Running page numbers are dropped.
 */

/** A piece of text at a position (PDF units, y upwards), as pdf.js gives it. */
export interface TextPiece {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the height of the text matrix). */
  size: number;
  hasEOL: boolean;
}

/** One line of a page. */
export interface PageLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Groups pieces into lines, in reading order, inserting a space where pieces are visibly apart. */
export function linesOf(pieces: readonly TextPiece[]): PageLine[] {
  const lines: PageLine[] = [];
  let current: PageLine | undefined;
  let lastEnd = 0;
  let breakNext = false;
  for (const p of pieces) {
    if (p.str === "" && !p.hasEOL) continue;
    const size = p.size > 0 ? p.size : 10;
    const sameLine = current !== undefined && !breakNext && Math.abs(p.y - current.y) < 0.5 * Math.max(size, current.size);
    if (!sameLine) {
      if (current !== undefined && current.text.trim() !== "") lines.push(current);
      current = { text: p.str, x0: p.x, x1: p.x + p.width, y: p.y, size };
    } else if (p.str !== "") {
      const gap = p.x - lastEnd;
      const spaced = /\s$/u.test(current!.text) || /^\s/u.test(p.str);
      // Pieces of one word are placed edge to edge; a word gap is a good part of a space wide.
      current!.text += !spaced && gap > 0.2 * size ? ` ${p.str}` : p.str;
      current!.x1 = Math.max(current!.x1, p.x + p.width);
      current!.size = Math.max(current!.size, size);
    }
    if (p.str !== "") lastEnd = p.x + p.width;
    breakNext = p.hasEOL;
  }
  if (current !== undefined && current.text.trim() !== "") lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/gu, " ").trim() }));
}

/** A running page number ("3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12"). */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:(?:trang|page)\s*)?\d{1,4}(?:\s*(?:\/|of|trên)\s*\d{1,4})?(?:\s*[-–—])?$/iu;

/** The lines without a page number standing alone at the top or bottom of the page. */
export function withoutPageNumbers(lines: PageLine[]): PageLine[] {
  return lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && PAGE_NUMBER.test(l.text)));
}

/**
 * How one line leads to the next: the same word (a line broken after "/" or "-" inside "25-NQ/TW"),
 * the same paragraph, a new paragraph, or a clear break (blank line).
 */
export type Join = "" | " " | "\n" | "\n\n";

/** A line broken right after a slash or hyphen inside a word continues that word. */
const BROKEN_INSIDE_WORD = /[^\s][-/‐]$/u;

/** The joins between consecutive lines of one page (`lines.length - 1` of them). */
export function joinsOf(lines: readonly PageLine[]): Join[] {
  if (lines.length < 2) return [];
  const advances: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const dy = lines[i - 1]!.y - lines[i]!.y;
    if (dy > 0) advances.push(dy);
  }
  const lineAdvance = median(advances) ?? lines[0]!.size * 1.2;
  const left = Math.min(...lines.map((l) => l.x0));
  const right = percentile(lines.map((l) => l.x1), 0.9);
  const width = Math.max(1, right - left);
  const joins: Join[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const line = lines[i]!;
    const dy = prev.y - line.y;
    if (dy < 0 || dy > 2 * lineAdvance) joins.push("\n\n"); // a clear gap, or a new column
    else if (dy > 1.25 * lineAdvance) joins.push("\n");
    else if (prev.x1 < right - 0.15 * width) joins.push("\n"); // the line stopped short: the paragraph ended
    else if (line.x0 > left + 1.5 * line.size && Math.abs(prev.x0 - left) < line.size) joins.push("\n"); // first-line indent
    else if (Math.abs(line.size - prev.size) > 0.2 * prev.size) joins.push("\n"); // a heading and its text
    else joins.push(BROKEN_INSIDE_WORD.test(prev.text) ? "" : " ");
  }
  return joins;
}

/** How the last line of one page leads to the next page: it continues (a full line without a sentence end), or not. */
export function joinToNextPage(lines: readonly PageLine[]): Join {
  const last = lines[lines.length - 1];
  if (last === undefined || lines.length < 2) return "\n";
  const left = Math.min(...lines.map((l) => l.x0));
  const right = percentile(lines.map((l) => l.x1), 0.9);
  if (last.x1 < right - 0.15 * (right - left) || /[.!?…:;"”’)\]]$/u.test(last.text)) return "\n";
  return BROKEN_INSIDE_WORD.test(last.text) ? "" : " ";
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
