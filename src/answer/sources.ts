import { splitSentences } from "../corpus/mod.ts";
import type { TextSpan } from "../corpus/mod.ts";
import type { Hit } from "../search/mod.ts";
import type { ScoredSentence } from "./answer-sentences.ts";

/**
 * One stretch of a report shown under the answer: one passage, or several of the same report that
 * touch or overlap merged into one, cut to a short window around its best sentence.
 */
export interface SourceWindow {
  /** Its number in the reply, [n]; answer sentences cite it. */
  n: number;
  /** Indexes of the ranked hits merged into it, best first; the first is what "Full [n]" opens. */
  hits: number[];
  /** The window's text (plain report text, not escaped). */
  text: string;
  /** The best sentence, as offsets into `text`: shown bold. */
  highlight: TextSpan;
  /** Whether the window starts or ends inside the merged passages (shown as "…"). */
  cutBefore: boolean;
  cutAfter: boolean;
  /** Paragraph numbers (1-based) the merged passages cover. */
  paragraphStart: number;
  paragraphEnd: number;
  /** The best fused score among its hits. */
  score: number;
  /** The passage holding the best sentence (a hit index) and the sentence's offsets in it: "Full [n]" opens it, bold. */
  focus: { hit: number; start: number; end: number };
}

/** The windows of one report, with what is said once per report. */
export interface SourceGroup {
  docId: string;
  title: string;
  date?: string;
  dateText?: string;
  organisation?: string;
  author?: string;
  file: string;
  url?: string;
  paragraphCount: number;
  windows: SourceWindow[];
}

/** How sources are chosen and cut. Defaults in {@link DEFAULT_SOURCE_OPTIONS}. */
export interface SourceOptions {
  /** Passages scoring below this share of the best passage's fused score are left for "more results". */
  relativeCut: number;
  /** Longest window, in characters of report text. */
  windowChars: number;
  /** Most windows in one reply. */
  maxWindows: number;
}

/** See `docs/measurements/2026-12-02-verdicts.md`. */
export const DEFAULT_SOURCE_OPTIONS: SourceOptions = { relativeCut: 0.5, windowChars: 300, maxWindows: 3 };

/** A run of a report's text covered by merged hits. */
interface Merged {
  hits: number[];
  start: number;
  end: number;
  text: string;
  paragraphStart: number;
  paragraphEnd: number;
  score: number;
}

/** Gap (characters between passages of a report) up to which two passages count as touching: a paragraph break. */
const TOUCHING_GAP = 2;

/**
 * Merges hits of one report whose spans overlap or touch into runs of report text, in report
 * order. The text of a run is rebuilt from its passages (their offsets into the report agree), a
 * gap of a paragraph break written as line breaks.
 */
export function mergeTouching(hits: readonly Hit[], indexes: readonly number[]): Merged[] {
  const sorted = [...indexes].sort((a, b) => hits[a]!.passage.start - hits[b]!.passage.start);
  const runs: Merged[] = [];
  for (const i of sorted) {
    const p = hits[i]!.passage;
    const last = runs[runs.length - 1];
    if (last !== undefined && p.start <= last.end + TOUCHING_GAP) {
      if (p.end > last.end) {
        last.text += p.start > last.end ? "\n".repeat(p.start - last.end) + p.text : p.text.slice(last.end - p.start);
        last.end = p.end;
      }
      last.hits.push(i);
      last.paragraphEnd = Math.max(last.paragraphEnd, p.paragraphEnd);
      last.paragraphStart = Math.min(last.paragraphStart, p.paragraphStart);
      last.score = Math.max(last.score, hits[i]!.score);
      continue;
    }
    runs.push({ hits: [i], start: p.start, end: p.end, text: p.text, paragraphStart: p.paragraphStart, paragraphEnd: p.paragraphEnd, score: hits[i]!.score });
  }
  for (const run of runs) run.hits.sort((a, b) => a - b);
  return runs;
}

/**
 * The window of `text` shown for a run: the best sentence (bold), then neighbouring sentences
 * added after and before it in turn while the window stays within `maxChars`. A best sentence
 * longer than that keeps only `focus` (its clause, as the answer shows it), or its first
 * `maxChars` characters.
 */
export function windowAround(text: string, focus: TextSpan, maxChars: number): { text: string; start: number; highlight: TextSpan; cutBefore: boolean; cutAfter: boolean } {
  const sentences = splitSentences(text);
  const at = sentences.findIndex((s) => s.start <= focus.start && focus.start < s.end);
  let core = at >= 0 ? sentences[at]! : focus;
  if (core.end - core.start > maxChars) core = focus.end - focus.start <= maxChars ? focus : { start: focus.start, end: cutAtSpace(text, focus.start, focus.start + maxChars) };
  let start = core.start;
  let end = core.end;
  let before = at - 1;
  let after = at + 1;
  for (let grew = at >= 0; grew; ) {
    grew = false;
    const next = sentences[after];
    if (next !== undefined && next.start >= end && next.end - start <= maxChars) {
      end = next.end;
      after++;
      grew = true;
    }
    const prev = sentences[before];
    if (prev !== undefined && prev.end <= start && end - prev.start <= maxChars) {
      start = prev.start;
      before--;
      grew = true;
    }
  }
  return {
    text: text.slice(start, end),
    start,
    highlight: { start: core.start - start, end: core.end - start },
    cutBefore: /\S/u.test(text.slice(0, start)),
    cutAfter: /\S/u.test(text.slice(end)),
  };
}

function cutAtSpace(text: string, start: number, end: number): number {
  const space = text.lastIndexOf(" ", end);
  return space > start + (end - start) / 2 ? space : end;
}

/**
 * The sources of a reply, grouped by report: of the hits from `from`, those scoring at least
 * `relativeCut` of the best (always the first, and every hit that holds an answer sentence),
 * passages of one report that touch or overlap merged, each run cut to a window around its best
 * sentence, at most `maxWindows` windows, numbered from `firstN`. Reports come in the order of
 * their best passage; a report's windows in rank order. Returns the groups and the hit indexes
 * they show.
 */
export function groupSources(
  hits: readonly Hit[],
  ranked: readonly ScoredSentence[],
  answer: readonly ScoredSentence[],
  page: { from: number; count: number; firstN: number; exclude?: ReadonlySet<number> },
  options: SourceOptions = DEFAULT_SOURCE_OPTIONS,
): { groups: SourceGroup[]; shown: number[] } {
  const candidates: number[] = [];
  for (let i = page.from; i < hits.length && candidates.length < page.count; i++) if (!page.exclude?.has(i)) candidates.push(i);
  const top = candidates.length > 0 ? hits[candidates[0]!]!.score : 0;
  const must = new Set(answer.map((s) => s.hit));
  const kept = candidates.filter((i, k) => k === 0 || must.has(i) || hits[i]!.score >= options.relativeCut * top);

  const byDoc = new Map<string, number[]>();
  for (const i of kept) {
    const id = hits[i]!.passage.docId;
    const list = byDoc.get(id);
    if (list === undefined) byDoc.set(id, [i]);
    else list.push(i);
  }
  // Every run, ranked by its best hit; runs holding an answer sentence first, so the cap never drops them.
  const runs = [...byDoc.values()].flatMap((indexes) => mergeTouching(hits, indexes));
  runs.sort((a, b) => Number(b.hits.some((h) => must.has(h))) - Number(a.hits.some((h) => must.has(h))) || a.hits[0]! - b.hits[0]!);
  const chosen = runs.slice(0, options.maxWindows).sort((a, b) => a.hits[0]! - b.hits[0]!);

  const groups = new Map<string, SourceGroup>();
  const order: string[] = [];
  for (const run of chosen) {
    const doc = hits[run.hits[0]!]!.document;
    if (!groups.has(doc.id)) {
      order.push(doc.id);
      groups.set(doc.id, {
        docId: doc.id,
        title: doc.title,
        date: doc.date,
        dateText: doc.dateText,
        organisation: doc.organisation,
        author: doc.author,
        file: doc.file,
        url: doc.url,
        paragraphCount: doc.paragraphCount,
        windows: [],
      });
    }
    const focus = focusOf(run, hits, ranked, answer);
    const w = windowAround(run.text, focus.span, options.windowChars);
    // Paragraphs are separated by blank lines: count them to number the window's own paragraphs.
    const breaks = (text: string) => text.match(/\n\s*\n/g)?.length ?? 0;
    const paragraphStart = Math.min(run.paragraphEnd, run.paragraphStart + breaks(run.text.slice(0, w.start)));
    groups.get(doc.id)!.windows.push({
      n: 0,
      hits: run.hits,
      text: w.text,
      highlight: w.highlight,
      cutBefore: w.cutBefore,
      cutAfter: w.cutAfter,
      paragraphStart,
      paragraphEnd: Math.min(run.paragraphEnd, paragraphStart + breaks(w.text)),
      score: run.score,
      focus: { hit: focus.hit, start: focus.inHit.start, end: focus.inHit.end },
    });
  }
  const list = order.map((id) => groups.get(id)!);
  let n = page.firstN;
  for (const g of list) for (const w of g.windows) w.n = n++;
  return { groups: list, shown: chosen.flatMap((r) => r.hits) };
}

/**
 * The run's best sentence (an answer sentence if it holds one, else its best-ranked one, else its
 * first): its span in the run's text, and its hit with its span in that hit's passage text.
 */
function focusOf(run: Merged, hits: readonly Hit[], ranked: readonly ScoredSentence[], answer: readonly ScoredSentence[]): { span: TextSpan; hit: number; inHit: TextSpan } {
  const inRun = (s: ScoredSentence) => run.hits.includes(s.hit);
  const best = answer.find(inRun) ?? ranked.find(inRun);
  if (best === undefined) {
    const hit = run.hits[0]!;
    const passage = hits[hit]!.passage;
    const first = splitSentences(passage.text)[0] ?? { start: 0, end: passage.text.length };
    const offset = passage.start - run.start;
    return { span: { start: first.start + offset, end: first.end + offset }, hit, inHit: first };
  }
  const offset = hits[best.hit]!.passage.start - run.start;
  return { span: { start: best.span.start + offset, end: best.span.end + offset }, hit: best.hit, inHit: best.span };
}
