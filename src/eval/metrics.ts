import type { Metrics, QuestionOutcome, VerdictSplit } from "./types.ts";

/** Share of `items` for which `test` holds; NaN for no items (a figure that does not exist, not 0). */
function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? Number.NaN : items.filter(test).length / items.length;
}

/**
 * The figures of a group of outcomes. Hit rates and MRR are over answerable questions only
 * (an unanswerable question has no rank to hit); `depth` cuts MRR (MRR@depth: a gold document
 * below it counts 0). "Not found" shares are given separately for unanswerable questions (the
 * higher the better) and answerable ones (the lower the better).
 */
export function summarize(outcomes: readonly QuestionOutcome[], cutoffs: readonly number[], depth: number): Metrics {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const docHit: Record<number, number> = {};
  const passageHit: Record<number, number> = {};
  for (const k of cutoffs) {
    docHit[k] = share(answerable, (o) => o.docRank !== undefined && o.docRank <= k);
    passageHit[k] = share(answerable, (o) => o.passageRank !== undefined && o.passageRank <= k);
  }
  const mrr =
    answerable.length === 0
      ? Number.NaN
      : answerable.reduce((sum, o) => sum + (o.docRank !== undefined && o.docRank <= depth ? 1 / o.docRank : 0), 0) / answerable.length;
  return {
    questions: outcomes.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    docHit,
    mrr,
    passageHit,
    notFoundUnanswerable: share(unanswerable, (o) => !o.found),
    notFoundAnswerable: share(answerable, (o) => !o.found),
    answerAt1: share(answerable, (o) => o.answerHit === true),
    verdicts: { answerable: verdictSplit(answerable), unanswerable: verdictSplit(unanswerable) },
    messageChars: { p50: quantile(outcomes.flatMap((o) => (o.messageChars === undefined ? [] : [o.messageChars])), 0.5), p95: quantile(outcomes.flatMap((o) => (o.messageChars === undefined ? [] : [o.messageChars])), 0.95) },
    msPerQuestion: outcomes.length === 0 ? Number.NaN : outcomes.reduce((sum, o) => sum + o.ms, 0) / outcomes.length,
  };
}

function verdictSplit(outcomes: readonly QuestionOutcome[]): VerdictSplit {
  return {
    answered: share(outcomes, (o) => o.answerVerdict === "answered"),
    uncertain: share(outcomes, (o) => o.answerVerdict === "uncertain"),
    not_found: share(outcomes, (o) => o.answerVerdict === "not_found"),
  };
}

/** The `q` quantile (nearest rank) of `values`; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** {@link summarize} per value of `key` (kind, language, diacritics…), values in sorted order. */
export function breakdown(
  outcomes: readonly QuestionOutcome[],
  key: (o: QuestionOutcome) => string,
  cutoffs: readonly number[],
  depth: number,
): Record<string, Metrics> {
  const groups = new Map<string, QuestionOutcome[]>();
  for (const o of outcomes) {
    const value = key(o);
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [o]);
    else group.push(o);
  }
  return Object.fromEntries([...groups.keys()].sort().map((value) => [value, summarize(groups.get(value)!, cutoffs, depth)]));
}

/** The cut-offs reported for depth `k`: 1, 3, 5 and 10 where they do not exceed `k`, and `k` itself. */
export function cutoffsFor(k: number): number[] {
  return [...new Set([1, 3, 5, 10].filter((c) => c <= k).concat(k))].sort((a, b) => a - b);
}
