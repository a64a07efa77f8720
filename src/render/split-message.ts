/**
 * Packing Telegram HTML into messages under the 4,096-character limit without ever cutting a tag or
 * an entity: content is handed over as blocks (trusted short HTML plus report text as plain runs),
 * and report text is escaped only after it has been cut.
 */

/** Telegram's limit on a message's text. Measured here on the HTML source, which is never shorter. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** A stretch of report text (plain, not escaped) inside a quote, bold or not. */
export interface QuoteRun {
  text: string;
  bold?: boolean;
}

/**
 * One unit of a message, e.g. one cited passage. Blocks are packed whole into messages; only a block
 * that cannot fit in a message of its own is cut, between sentences of its quote, with the
 * blockquote closed at the cut and reopened in the next message.
 */
export interface MessageBlock {
  /** Trusted, balanced Telegram HTML (a header, a citation line). Kept whole, so keep it short. */
  html: string;
  /** Report text shown in a blockquote under `html`; escaped when rendered. */
  quote?: QuoteRun[];
  /** Collapse the quote until tapped (default true). */
  expandable?: boolean;
}

const BLOCK_SEPARATOR = "\n\n";
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Escapes text for Telegram's HTML parse mode (and for attribute values): `&`, `<`, `>` and `"`
 * become entities, so report text can never open, close or break a tag.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

function openQuote(block: MessageBlock): string {
  return block.expandable === false ? "<blockquote>" : "<blockquote expandable>";
}

function renderRuns(runs: readonly QuoteRun[]): string {
  return runs.map((r) => (r.bold ? `<b>${escapeHtml(r.text)}</b>` : escapeHtml(r.text))).join("");
}

function quoteHtml(block: MessageBlock, runs: readonly QuoteRun[]): string {
  return `${openQuote(block)}${renderRuns(runs)}</blockquote>`;
}

/** A block as HTML: its head, then its quote (if any) on the next line. */
export function renderBlock(block: MessageBlock): string {
  const quote = block.quote !== undefined && plainLength(block.quote) > 0 ? quoteHtml(block, block.quote) : "";
  if (quote === "") return block.html;
  return block.html === "" ? quote : `${block.html}\n${quote}`;
}

function plainLength(runs: readonly QuoteRun[]): number {
  return runs.reduce((n, r) => n + r.text.length, 0);
}

/** The runs covering plain-text positions [start, end). */
function sliceRuns(runs: readonly QuoteRun[], start: number, end: number): QuoteRun[] {
  const out: QuoteRun[] = [];
  let pos = 0;
  for (const run of runs) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + run.text.length);
    if (a < b) out.push({ text: run.text.slice(a - pos, b - pos), bold: run.bold });
    pos += run.text.length;
  }
  return out;
}

/** Sentence ends (after the punctuation, quotes and spaces that follow it), as plain-text positions. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/[.!?…]+["'”’»)\]]*\s+|\n\s*/gu)) ends.push(m.index + m[0].length);
  return ends;
}

/**
 * The longest prefix of `runs` whose rendered HTML is at most `budget` characters, ending at a
 * sentence end when one is reasonably far in, else at a space, else anywhere (never inside a
 * surrogate pair). Always at least one character, so cutting always makes progress.
 */
function cutPoint(runs: readonly QuoteRun[], budget: number): number {
  const total = plainLength(runs);
  let lo = 1;
  let hi = total;
  // Rendered length grows with the prefix: binary search for the longest prefix that fits.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (renderRuns(sliceRuns(runs, 0, mid)).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  const fit = lo;
  if (fit >= total) return total;
  const text = runs.map((r) => r.text).join("");
  const floor = Math.floor(fit * 0.3);
  const sentence = sentenceEnds(text.slice(0, fit + 1)).filter((e) => e <= fit && e > floor).pop();
  if (sentence !== undefined) return sentence;
  const space = text.slice(0, fit).search(/\s\S*$/u);
  if (space > floor) return space + 1;
  const code = text.charCodeAt(fit - 1);
  return code >= 0xd800 && code <= 0xdbff && fit > 1 ? fit - 1 : fit;
}

function trimStartRuns(runs: QuoteRun[]): QuoteRun[] {
  while (runs.length > 0) {
    const first = runs[0]!;
    const text = first.text.replace(/^\s+/u, "");
    if (text !== "") {
      runs[0] = { ...first, text };
      break;
    }
    runs.shift();
  }
  return runs;
}

/** Strips tags and decodes the four entities: the fallback for a head too long to keep whole. */
function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** Cuts `runs` into HTML pieces of at most `limit` characters each, each a complete tag structure. */
function cutRuns(runs: QuoteRun[], limit: number, wrap: (runs: QuoteRun[]) => string, overhead: number): string[] {
  const pieces: string[] = [];
  let rest = trimStartRuns([...runs]);
  while (plainLength(rest) > 0) {
    const at = cutPoint(rest, limit - overhead);
    pieces.push(wrap(sliceRuns(rest, 0, at)));
    rest = trimStartRuns(sliceRuns(rest, at, plainLength(rest)));
  }
  return pieces;
}

/** Room a cut quote needs beside its head for the head to share its first message. */
const MIN_QUOTE_ROOM = 200;

/** A block that does not fit in one message, as several pieces that each do. */
function cutBlock(block: MessageBlock, limit: number): string[] {
  const wrap = (runs: QuoteRun[]) => quoteHtml(block, runs);
  const overhead = openQuote(block).length + "</blockquote>".length;
  const quote = trimStartRuns([...(block.quote ?? [])]);
  const pieces: string[] = [];
  let head = block.html;
  if (head.length > limit) {
    // Heads are short by contract; should one not be, it loses its markup rather than break it.
    pieces.push(...cutRuns([{ text: htmlToText(head) }], limit, renderRuns, 0));
    head = "";
  } else if (head.length + 1 + overhead + MIN_QUOTE_ROOM > limit) {
    pieces.push(head);
    head = "";
  }
  if (plainLength(quote) === 0) return head === "" ? pieces : [...pieces, head];
  if (head === "") return [...pieces, ...cutRuns(quote, limit, wrap, overhead)];
  // The head shares the first message with as much of the quote as fits under it.
  const at = cutPoint(quote, limit - head.length - 1 - overhead);
  pieces.push(`${head}\n${wrap(sliceRuns(quote, 0, at))}`);
  pieces.push(...cutRuns(sliceRuns(quote, at, plainLength(quote)), limit, wrap, overhead));
  return pieces;
}

/**
 * Packs blocks into as few messages as the limit allows, in order, blocks separated by a blank
 * line. A block never straddles two messages unless it is too long for any one message; then it is
 * cut between sentences of its quote, the blockquote closed and reopened. Every message returned
 * is balanced HTML of at most `limit` characters.
 */
export function splitMessage(blocks: readonly MessageBlock[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = "";
  const add = (piece: string) => {
    if (current === "") current = piece;
    else if (current.length + BLOCK_SEPARATOR.length + piece.length <= limit) current += BLOCK_SEPARATOR + piece;
    else {
      messages.push(current);
      current = piece;
    }
  };
  for (const block of blocks) {
    const html = renderBlock(block);
    if (html === "") continue;
    if (html.length <= limit) add(html);
    else {
      if (current !== "") messages.push(current);
      current = "";
      for (const piece of cutBlock(block, limit)) add(piece);
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}
