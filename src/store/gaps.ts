import { FOLDED_QUESTION_WORDS, QUESTION_WORDS, foldDiacritics, hasVietnameseDiacritics, tokenize } from "../text/mod.ts";
import { isGap } from "./sqlite-store.ts";
import type { ReportRef, StoredQuestion, Verdict } from "./types.ts";

/** Questions the reports did not answer well, asked in similar words, with what they almost matched. */
export interface GapGroup {
  /** The most asked wording of the group. */
  question: string;
  /** How many times a question of the group was asked (and was a gap). */
  count: number;
  /** Other wordings in the group, most asked first (at most a few). */
  variants: string[];
  byVerdict: Partial<Record<Verdict, number>>;
  /** 👎 votes on the group's answers. */
  down: number;
  /** The report the group's questions most often ranked first, though it did not answer them. */
  best?: ReportRef;
  lastAsked: Date;
}

/** Options for {@link groupGaps}. */
export interface GapOptions {
  /**
   * Share of terms two wordings must have in common (Jaccard, over folded terms without question
   * words) to count as one question. 0.6 merges "ai là trưởng đoàn" with "truong doan la ai a"
   * and word-order or one-word variants of a longer question, not different questions on one topic.
   */
  similarity?: number;
  /** Wordings listed per group besides the first (default 3). */
  variants?: number;
}

const DROPPED = new Set([...FOLDED_QUESTION_WORDS, ...[...QUESTION_WORDS].map((w) => foldDiacritics(w))]);

/**
 * A question's terms for grouping: its tokens, lower-cased, diacritics folded (staff type with and
 * without them), question words dropped ("là ai", "bao nhiêu" say how, not what, is asked).
 */
export function gapTerms(question: string): string[] {
  const terms = tokenize(question).map((t) => foldDiacritics(t).toLowerCase());
  const kept = [...new Set(terms.filter((t) => !DROPPED.has(t)))];
  return kept.length > 0 ? kept.sort() : [...new Set(terms)].sort();
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Wording {
  text: string;
  count: number;
}

interface Building {
  terms: Set<string>;
  wordings: Map<string, Wording>;
  count: number;
  byVerdict: Partial<Record<Verdict, number>>;
  down: number;
  best: Map<string, { ref: ReportRef; count: number }>;
  lastAsked: Date;
}

/**
 * Groups the gap questions among `questions` (not found, uncertain, or voted 👎): identical term
 * sets first, then near-duplicates merged into the most asked group they resemble, most asked
 * groups first. Questions whose text retention erased are left out.
 */
export function groupGaps(questions: readonly StoredQuestion[], options: GapOptions = {}): GapGroup[] {
  const threshold = options.similarity ?? 0.6;
  const exact = new Map<string, { terms: string[]; items: StoredQuestion[] }>();
  const termsOf = new Map<string, string[]>(); // the same question is asked many times
  for (const q of questions) {
    if (q.text === undefined || !isGap(q)) continue;
    const terms = termsOf.get(q.text) ?? gapTerms(q.text);
    termsOf.set(q.text, terms);
    const key = terms.join(" ");
    const bucket = exact.get(key) ?? { terms, items: [] };
    bucket.items.push(q);
    exact.set(key, bucket);
  }

  // Most asked wordings first, so each group is seeded by its commonest form and a rarer variant
  // joins it rather than the other way round.
  const buckets = [...exact.values()].sort((a, b) => b.items.length - a.items.length || a.terms.join(" ").localeCompare(b.terms.join(" ")));
  const groups: Building[] = [];
  const byTerm = new Map<string, Building[]>();
  for (const bucket of buckets) {
    const terms = new Set(bucket.terms);
    let target: Building | undefined;
    let bestScore = threshold;
    const candidates = new Set(bucket.terms.flatMap((t) => byTerm.get(t) ?? []));
    for (const g of candidates) {
      const score = jaccard(terms, g.terms);
      if (score >= bestScore) {
        bestScore = score;
        target = g;
      }
    }
    if (target === undefined) {
      target = { terms, wordings: new Map(), count: 0, byVerdict: {}, down: 0, best: new Map(), lastAsked: new Date(0) };
      groups.push(target);
      for (const t of terms) byTerm.set(t, [...(byTerm.get(t) ?? []), target]);
    }
    for (const q of bucket.items) add(target, q);
  }

  return groups
    .map((g) => finish(g, options.variants ?? 3))
    .sort((a, b) => b.count - a.count || b.lastAsked.getTime() - a.lastAsked.getTime());
}

function add(g: Building, q: StoredQuestion): void {
  const text = q.text!;
  const shown = g.wordings.get(text.toLowerCase()) ?? { text, count: 0 };
  shown.count++;
  g.wordings.set(text.toLowerCase(), shown);
  g.count++;
  g.byVerdict[q.verdict] = (g.byVerdict[q.verdict] ?? 0) + 1;
  g.down += q.down;
  if (q.best !== undefined) {
    const b = g.best.get(q.best.file) ?? { ref: q.best, count: 0 };
    b.count++;
    g.best.set(q.best.file, b);
  }
  if (q.askedAt > g.lastAsked) g.lastAsked = q.askedAt;
}

function finish(g: Building, variants: number): GapGroup {
  // Among equally asked wordings, one with diacritics reads best.
  const accented = (w: Wording) => (hasVietnameseDiacritics(w.text) ? 1 : 0);
  const wordings = [...g.wordings.values()].sort((a, b) => b.count - a.count || accented(b) - accented(a) || a.text.localeCompare(b.text));
  const best = [...g.best.values()].sort((a, b) => b.count - a.count)[0]?.ref;
  return {
    question: wordings[0]!.text,
    count: g.count,
    variants: wordings.slice(1, 1 + variants).map((w) => w.text),
    byVerdict: g.byVerdict,
    down: g.down,
    best,
    lastAsked: g.lastAsked,
  };
}

/** The groups as CSV (RFC 4180, a header row), for a spreadsheet. */
export function gapsCsv(groups: readonly GapGroup[]): string {
  const cell = (v: string | number) => (typeof v === "number" || !/[",\n\r]/.test(v) ? String(v) : `"${v.replaceAll('"', '""')}"`);
  const rows = [["count", "question", "variants", "not_found", "uncertain", "voted_down", "best_report", "best_file", "last_asked"]];
  for (const g of groups) {
    rows.push([
      String(g.count),
      g.question,
      g.variants.join(" | "),
      String(g.byVerdict.not_found ?? 0),
      String(g.byVerdict.uncertain ?? 0),
      String(g.down),
      g.best?.title ?? "",
      g.best?.file ?? "",
      g.lastAsked.toISOString(),
    ]);
  }
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
