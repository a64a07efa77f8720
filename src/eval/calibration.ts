import type { QuestionOutcome } from "./types.ts";

/** How one threshold on one signal would split the questions. */
export interface ThresholdRow {
  threshold: number;
  /** Share of answerable questions whose best value reaches the threshold (kept as answered). */
  answerableKept: number;
  /** Share of unanswerable questions whose best value stays below it (rightly "not found"). */
  unanswerableRejected: number;
}

/** One signal's distribution over answerable and unanswerable questions, and candidate thresholds. */
export interface SignalCalibration {
  signal: "lexical" | "dense";
  /** Quantiles (p10, p25, p50, p75, p90) of the best value per question. */
  answerable: number[];
  unanswerable: number[];
  rows: ThresholdRow[];
}

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];
const LEXICAL_THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4];

function quantile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * What each "not found" signal looks like on this question set, to choose its threshold from:
 * the best lexical relevance and the best dense similarity among the first `topK` results of every
 * question (what the decision reads), their quantiles for answerable and unanswerable questions,
 * and for candidate thresholds the share of each side it would get right. Lexical candidates are
 * a fixed grid (the measure means the same for every model); dense candidates are the
 * unanswerable questions' own quantiles, since cosine scales differ from model to model.
 * Empty when the set lacks answerable or unanswerable questions.
 */
export function calibrate(outcomes: readonly QuestionOutcome[], topK: number): SignalCalibration[] {
  const best = (o: QuestionOutcome, signal: "lexical" | "dense") => {
    const values = o.results.slice(0, topK).flatMap((r) => (r[signal] === undefined ? [] : [r[signal]!]));
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const out: SignalCalibration[] = [];
  for (const signal of ["lexical", "dense"] as const) {
    const answerable = outcomes.filter((o) => o.answerable).map((o) => best(o, signal) ?? 0);
    const unanswerable = outcomes.filter((o) => !o.answerable).map((o) => best(o, signal) ?? 0);
    if (answerable.length === 0 || unanswerable.length === 0) continue;
    if (!outcomes.some((o) => best(o, signal) !== undefined)) continue; // the mode does not use this signal
    const a = [...answerable].sort((x, y) => x - y);
    const u = [...unanswerable].sort((x, y) => x - y);
    const thresholds =
      signal === "lexical" ? LEXICAL_THRESHOLDS : [...new Set([0.5, 0.75, 0.9, 0.95].map((p) => Math.round(quantile(u, p) * 100) / 100))];
    out.push({
      signal,
      answerable: QUANTILES.map((p) => quantile(a, p)),
      unanswerable: QUANTILES.map((p) => quantile(u, p)),
      rows: thresholds.map((threshold) => ({
        threshold,
        answerableKept: a.filter((x) => x >= threshold).length / a.length,
        unanswerableRejected: u.filter((x) => x < threshold).length / u.length,
      })),
    });
  }
  return out;
}
