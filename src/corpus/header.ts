/**
 * What a report says about itself in its first and last lines: title, date line, byline. These
 * become metadata and leave the body, so passages hold report text only.
 */
import { parseDateLine } from "./date.ts";
import { countWords } from "./words.ts";

/** How many paragraphs from the top may hold the title, the date line and a byline. */
const HEADER_PARAGRAPHS = 6;
/** A title has at least this many words; shorter lines at the top are section labels ("Chính trị - Xã hội"). */
const MIN_TITLE_WORDS = 5;
const MAX_TITLE_WORDS = 40;

/** Metadata found in a report's text, and the body paragraphs that remain. */
export interface DetectedHeader {
  title?: string;
  date?: string;
  dateText?: string;
  author?: string;
  body: string[];
}

/**
 * Reads the header of a page (paragraphs already free of widget lines):
 * - the title is the first line near the top that reads like a headline: 5–40 words, not ending
 *   in a full stop. Shorter lines before it are section labels and breadcrumbs and are dropped;
 *   when no line qualifies, the last such short line is the title (a short headline);
 * - the date comes only from a date line (see {@link parseDateLine}) among the first paragraphs,
 *   never from a date inside a sentence;
 * - copies of the title (pages repeat it under the date and as image alt text) are dropped anywhere;
 * - a byline of 2–6 capitalised words right under the title ("Châu Anh") is the author.
 * The header ends at the first paragraph that is none of these.
 */
export function detectHeader(paragraphs: string[]): DetectedHeader {
  const out: DetectedHeader = { body: [] };
  const labels: string[] = [];
  let i = 0;
  for (; i < Math.min(HEADER_PARAGRAPHS, paragraphs.length); i++) {
    const p = paragraphs[i]!;
    const stated = out.date === undefined ? parseDateLine(p) : undefined;
    if (stated !== undefined) {
      out.date = stated.date;
      out.dateText = stated.dateText;
      continue;
    }
    if (out.title === undefined) {
      if (readsLikeTitle(p)) out.title = p;
      else if (countWords(p) < MIN_TITLE_WORDS && !endsSentence(p)) labels.push(p);
      else break;
      continue;
    }
    if (sameText(p, out.title)) continue;
    if (out.author === undefined && isByline(p, 2)) {
      out.author = bylineName(p);
      continue;
    }
    break;
  }
  const headline = out.title;
  if (out.title === undefined && labels.length > 0) out.title = labels[labels.length - 1];
  const title = out.title;
  // Length first: comparing every paragraph in full would cost more than the rest of the header work.
  out.body = paragraphs.slice(i).filter((p) => title === undefined || p.length > 2 * title.length || !sameText(p, title));
  if (out.body.length === 0 && headline !== undefined && (labels.length > 0 || isNote(headline))) return { ...out, ...shortReport(headline, labels) };
  return out;
}

/**
 * A short note or notice, whose only paragraph was taken for a headline, leaving no body: a
 * heading line above it is its title ("Thông báo" / "Lịch họp tuần"), otherwise its first sentence
 * is; the paragraph is the body either way, so the note is indexed rather than skipped.
 */
function shortReport(paragraph: string, labels: readonly string[]): { title: string; body: string[] } {
  const heading = labels[labels.length - 1];
  return { title: heading ?? firstSentence(paragraph), body: [paragraph] };
}

/**
 * Whether a lone paragraph reads as a note rather than a headline without its article: a
 * sentence (it ends like one), or longer than headlines usually are. A lone short headline is
 * still skipped as a title without text.
 */
function isNote(paragraph: string): boolean {
  return endsSentence(paragraph) || countWords(paragraph) >= NOTE_MIN_WORDS;
}
/** Vietnamese headlines mostly run 6–15 words; a lone line past this is taken for a note. */
const NOTE_MIN_WORDS = 16;

/** The first sentence of a paragraph, at most {@link MAX_TITLE_WORDS} words. */
function firstSentence(paragraph: string): string {
  const sentence = /^.*?[.!?…](?=\s|$)/u.exec(paragraph)?.[0] ?? paragraph;
  const words = sentence.split(/\s+/);
  return words.length <= MAX_TITLE_WORDS ? sentence : `${words.slice(0, MAX_TITLE_WORDS).join(" ")}…`;
}

/**
 * Takes the author from the last paragraph when it is a byline ("Hồng Nhung – Đức Quang",
 * "Duy Linh", "Bài, ảnh: Hoàng Hương"): 1–6 capitalised words, names joined by "–", ",", "&" or
 * "và", and nothing else — no full stop, no lower-case word. A sentence is never a byline.
 */
export function detectTrailingAuthor(body: string[]): { author?: string; body: string[] } {
  const last = body[body.length - 1];
  if (body.length < 2 || last === undefined || !isByline(last, 1)) return { body };
  return { author: bylineName(last), body: body.slice(0, -1) };
}

function readsLikeTitle(p: string): boolean {
  const words = countWords(p);
  return words >= MIN_TITLE_WORDS && words <= MAX_TITLE_WORDS && !/[.;:,]$/.test(p);
}

function endsSentence(p: string): boolean {
  return /[.!?…]["”’)\]]*$/u.test(p);
}

/** Same text, ignoring case, spacing and trailing punctuation. */
export function sameText(a: string, b: string): boolean {
  const key = (s: string) => s.toLocaleLowerCase("vi").replace(/[\s\p{P}]+/gu, " ").trim();
  return key(a) === key(b);
}

/** "Bài, ảnh:", "Tin và ảnh:", "Ảnh:" in front of the names. */
const CREDIT_PREFIX = /^(?:(?:bài|tin|ảnh|clip|video)(?:\s*(?:,|và|\+|&|\/)\s*(?:bài|tin|ảnh|clip|video))*\s*:\s*)/iu;
const NAME_WORD = /^\p{Lu}\p{Ll}+$/u;
const JOINER = /^(?:[-–—&/,+]|và)$/u;
/** One-word last lines that close an article without naming anyone. */
const NOT_NAMES = new Set(["Hết", "Kết", "End", "Theo", "Nguồn"]);

function isByline(p: string, minNames: number): boolean {
  if (p.length > 80 || /[.!?…:;"“”()]$/u.test(p)) return false;
  const tokens = bylineName(p).replace(/,/g, " , ").split(/\s+/).filter(Boolean);
  let names = 0;
  for (const [k, token] of tokens.entries()) {
    if (NAME_WORD.test(token)) names++;
    else if (!(JOINER.test(token) && k > 0 && k < tokens.length - 1)) return false;
  }
  if (names === 1 && NOT_NAMES.has(tokens[0]!)) return false;
  return names >= minNames && names <= 6;
}

function bylineName(p: string): string {
  return p.replace(CREDIT_PREFIX, "").trim();
}
