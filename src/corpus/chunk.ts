/**
 * Report → passages: whole sentences packed to a size the embedding model reads well, following
 * the report's paragraphs.
 *
 * - Sizes are in syllables ({@link countWords}). Sentences are added until `targetWords`; a passage
 *   never exceeds `maxWords`.
 * - A passage prefers to end where a paragraph ends: among the paragraph ends it can reach
 *   (at least half the target, at most `maxWords`) it takes the one closest to the target; only
 *   when there is none does it end mid-paragraph, at the first sentence end past the target.
 * - It never ends right after a heading or caption (a paragraph of at most 60 words without
 *   closing punctuation) when it can end elsewhere, so headings and captions stay with the text
 *   that follows them; short paragraphs are thereby merged with their neighbours.
 * - Overlap: the last `overlapSentences` sentences of a passage open the next one, so a fact that
 *   straddles a boundary is whole in one of them. A passage of that many sentences or fewer is not
 *   overlapped (it would never advance); nor is the next one when the overlap would leave it no
 *   room (it would end up under half the target, or forced to end after a heading or caption).
 * - A single sentence longer than `maxWords` is cut at clause punctuation: after ";" if that is
 *   enough, then after ",", and only as a last resort between words. Those are the only passages
 *   that end elsewhere than at a sentence end.
 */
import type { ChunkConfig } from "./types.ts";
import { splitSentences } from "./sentences.ts";
import type { Passage, Report, TextSpan } from "./types.ts";
import { countWords } from "./words.ts";

/**
 * A paragraph of at most this many words without closing punctuation is a heading or a caption
 * (captions run to 45 words: "Thiếu tướng … tại lễ ký kết … giai đoạn 2016-2021").
 */
const LABEL_MAX_WORDS = 60;

/** A sentence (or a clause of an over-long one) with what the packer needs to know about it. */
interface Unit extends TextSpan {
  words: number;
  /** 0-based paragraph index. */
  paragraph: number;
  /** Last unit of its paragraph. */
  paragraphEnd: boolean;
  /** Last unit of a heading or caption: no passage ends here if it can be helped. */
  label: boolean;
}

/**
 * The text a passage is embedded with: its report's title, then the passage. Stored passages keep
 * only their text, so whatever embeds them later (vectors added to a keyword-only index) rebuilds
 * it with this same function.
 */
export function passageEmbedText(title: string, text: string): string {
  return `${title}\n${text}`;
}

/**
 * Cuts a report into passages. Each passage's `start`/`end` are offsets into `report.text`
 * (`report.text.slice(start, end) === text`), its paragraph numbers are 1-based, its id is
 * `${contentHash.slice(0, 16)}:${ordinal}` (stable while the report and the chunk settings are
 * unchanged), and its `embedText` is the report title followed by the passage.
 */
export function chunkReport(report: Report, chunk: ChunkConfig): Passage[] {
  const units = unitsOf(report, chunk.maxWords);
  const prefix = [0];
  for (const u of units) prefix.push(prefix[prefix.length - 1]! + u.words);
  const words = (from: number, to: number) => prefix[to]! - prefix[from]!;
  const minWords = Math.ceil(chunk.targetWords / 2);

  const ranges: [number, number][] = [];
  let start = 0;
  let covered = 0; // units before this index are in some passage already
  while (covered < units.length) {
    const end = chooseEnd(units, words, start, covered, chunk, minWords);
    // The overlap is a nicety: drop it when it leaves no room for a proper passage (one that is
    // too small, or that could only end right after a heading or caption).
    if (start < covered && (end === undefined || words(start, end) < minWords || units[end - 1]!.label)) {
      start = covered;
      continue;
    }
    const to = end ?? covered + 1;
    ranges.push([start, to]);
    covered = to;
    start = to - start > chunk.overlapSentences ? to - chunk.overlapSentences : to;
  }

  const key = report.contentHash.slice(0, 16);
  return ranges.map(([from, to], ordinal) => {
    const startOffset = units[from]!.start;
    const endOffset = units[to - 1]!.end;
    const text = report.text.slice(startOffset, endOffset);
    return {
      id: `${key}:${ordinal}`,
      docId: report.id,
      ordinal,
      start: startOffset,
      end: endOffset,
      paragraphStart: units[from]!.paragraph + 1,
      paragraphEnd: units[to - 1]!.paragraph + 1,
      text,
      embedText: passageEmbedText(report.title, text),
    };
  });
}

/**
 * Where the passage starting at unit `start` should end (exclusive), given that units before
 * `covered` are already in a passage; `undefined` when even one new unit does not fit.
 */
function chooseEnd(
  units: Unit[],
  words: (from: number, to: number) => number,
  start: number,
  covered: number,
  chunk: ChunkConfig,
  minWords: number,
): number | undefined {
  const first = Math.max(start + 1, covered + 1); // the passage must bring at least one new unit
  if (words(start, first) > chunk.maxWords) return undefined;
  let last = first; // the furthest end within maxWords
  while (last < units.length && words(start, last + 1) <= chunk.maxWords) last++;
  if (last === units.length) return last;
  const ends = range(first, last).filter((e) => !units[e - 1]!.label);
  if (ends.length === 0) return last;
  const atParagraph = ends.filter((e) => units[e - 1]!.paragraphEnd && words(start, e) >= minWords);
  if (atParagraph.length > 0) return closest(atParagraph, (e) => Math.abs(words(start, e) - chunk.targetWords));
  return ends.find((e) => words(start, e) >= chunk.targetWords) ?? ends[ends.length - 1]!;
}

/** The report's sentences as units, over-long ones cut into clauses. */
function unitsOf(report: Report, maxWords: number): Unit[] {
  const units: Unit[] = [];
  report.paragraphs.forEach((para, paragraph) => {
    const paraText = report.text.slice(para.start, para.end);
    const label = countWords(paraText) <= LABEL_MAX_WORDS && !/[.!?…:;]["”’)\]]*$/u.test(paraText);
    const spans = splitSentences(paraText).flatMap((s) => splitLongSentence(paraText, s, maxWords));
    spans.forEach((s, k) => {
      const isLast = k === spans.length - 1;
      units.push({
        start: para.start + s.start,
        end: para.start + s.end,
        words: countWords(paraText.slice(s.start, s.end)),
        paragraph,
        paragraphEnd: isLast,
        label: label && isLast,
      });
    });
  });
  return units;
}

/**
 * Cuts a sentence longer than `maxWords` into pieces of at most `maxWords`, at the weakest
 * boundary that suffices: after ";", else after ",", else between words.
 */
export function splitLongSentence(text: string, span: TextSpan, maxWords: number): TextSpan[] {
  if (countWords(text.slice(span.start, span.end)) <= maxWords) return [span];
  for (const boundary of [/;\s+/g, /,\s+/g, /\s+/g]) {
    const pieces = cutAt(text, span, boundary);
    if (pieces.length > 1) {
      const packed = pack(text, pieces, maxWords);
      if (packed.every((p) => countWords(text.slice(p.start, p.end)) <= maxWords)) return packed;
      // Some clause is itself too long: cut that clause at the next weaker boundary.
      return packed.flatMap((p) => splitLongSentence(text, p, maxWords));
    }
  }
  return [span];
}

/** Pieces of `span` split after each match of `boundary` (the whitespace goes between pieces). */
function cutAt(text: string, span: TextSpan, boundary: RegExp): TextSpan[] {
  const piece = text.slice(span.start, span.end);
  const pieces: TextSpan[] = [];
  let from = 0;
  for (const m of piece.matchAll(boundary)) {
    const punctuationEnd = m.index + m[0].trimEnd().length;
    if (punctuationEnd > from) pieces.push({ start: span.start + from, end: span.start + punctuationEnd });
    from = m.index + m[0].length;
  }
  if (from < piece.length) pieces.push({ start: span.start + from, end: span.end });
  return pieces;
}

/** Joins consecutive pieces back together while they fit in `maxWords`. */
function pack(text: string, pieces: TextSpan[], maxWords: number): TextSpan[] {
  const out: TextSpan[] = [];
  let words = 0; // of the last packed piece, kept as a running sum so long runs stay linear
  for (const p of pieces) {
    const n = countWords(text.slice(p.start, p.end));
    const prev = out[out.length - 1];
    if (prev !== undefined && words + n <= maxWords) {
      prev.end = p.end;
      words += n;
    } else {
      out.push({ ...p });
      words = n;
    }
  }
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function closest(values: number[], distance: (v: number) => number): number {
  return values.reduce((best, v) => (distance(v) < distance(best) ? v : best));
}
