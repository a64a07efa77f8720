/**
 * Report text as readers build it: one line per paragraph, heading or table row, a blank line for
 * a clear break (before and after a table, an empty paragraph). The corpus stage's cleaning treats
 * these lines exactly like the lines of a .txt report, so a report reads the same from any format.
 */
import type { Heading } from "./types.ts";

/** Lines being collected, with the headings among them. */
export interface LineBuffer {
  lines: string[];
  headings: Heading[];
  /** Length of `lines.join("\n")` so far, plus the newline to come: where the next line starts. */
  offset: number;
}

export function lineBuffer(): LineBuffer {
  return { lines: [], headings: [], offset: 0 };
}

/** Adds a line; inner whitespace (tabs, line breaks, runs of spaces) becomes one space. */
export function addLine(buffer: LineBuffer, text: string): void {
  const line = text.replace(/\s+/gu, " ").trim();
  buffer.lines.push(line);
  buffer.offset += line.length + 1;
}

/** A blank line, unless the text already ends with one (or is empty). */
export function addBreak(buffer: LineBuffer): void {
  const last = buffer.lines[buffer.lines.length - 1];
  if (last !== undefined && last !== "") addLine(buffer, "");
}

/** A heading line, remembered with its level and place. Empty headings are skipped. */
export function addHeading(buffer: LineBuffer, text: string, level: number): void {
  const line = text.replace(/\s+/gu, " ").trim();
  if (line === "") return;
  buffer.headings.push({ offset: buffer.offset, text: line, level });
  addLine(buffer, line);
}

/** A table row as one line: its non-empty cells joined with " | ", so a row is one searchable unit. */
export function addRow(buffer: LineBuffer, cells: string[]): void {
  const row = cells.map((c) => c.replace(/\s+/gu, " ").trim()).filter((c) => c !== "");
  if (row.length > 0) addLine(buffer, row.join(" | "));
}

/** The collected text (trailing blank lines dropped) and headings. */
export function finishLines(buffer: LineBuffer): { text: string; headings: Heading[] } {
  const lines = [...buffer.lines];
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return { text: lines.join("\n"), headings: buffer.headings };
}
