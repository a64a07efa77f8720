import type { LexicalIndex } from "./segment.ts";
import { BM25 } from "./segment.ts";
import { termNumber } from "./postings.ts";
import { idf } from "./statistics.ts";
import type { LexicalStats } from "./statistics.ts";
import type { WeightedTerm } from "./query.ts";

/**
 * When a term counts as common for pruning: found in more than this share of the passages, and
 * in at least {@link COMMON_TERM_MIN_PASSAGES} of them. Such terms ("của", "và", "các", "được",
 * their pairs, in both fields) still score every passage that is ranked, but cannot on their own
 * keep a passage in the running for the top: the search decides what can still reach the top as if
 * they added nothing (the idea of Elasticsearch's former common-terms cutoff). A long question
 * has dozens of them, and their bounds add up to more than any passage scores, so an exact search
 * reads their posting lists — most of the index — for every question.
 *
 * Measured at 100k news passages on 1,000 questions (lead sentences of held-out articles), paired
 * against the exact search on a quiet machine: p50 4.0 → 2.4 ms, p95 8.4 → 4.0 ms at 0.1 (0.15:
 * p95 5.4; 0.3: p95 ≈ 6), with the same first result for every question and 98% of the top 10
 * (0.15: 99.3%; 0.3: 99.99%). On XQuAD-vi with 24,000 news articles as distractors (97k passages)
 * the keyword ranking measured the same at 1, 0.3 and 0.1 (doc@1 0.889, MRR@10 0.913; doc@5
 * 0.943 → 0.944 at 0.1). Set `LEXICAL_COMMON_SHARE=1` (or pass `commonShare: 1`) for exact BM25.
 */
export const COMMON_TERM_SHARE = 0.1;

/**
 * Below this many passages a posting list is read in full anyway: it costs little, and in a small
 * collection (the seed reports, a test corpus) every term is then scored exactly.
 */
export const COMMON_TERM_MIN_PASSAGES = 10_000;

/** One searched term's posting list, in scoring order, with what it contributes at most. */
export interface Cursor {
  /** First posting of the term (postings `pos..end`, sorted by document). */
  pos: number;
  end: number;
  /** Weight × IDF: what the impact is multiplied by. */
  w: number;
  /** Upper bound of the term's contribution to any passage. */
  bound: number;
  /** The bound the pruning reckons with: 0 for a common term (see {@link COMMON_TERM_SHARE}). */
  pruningBound: number;
  lengths: Uint16Array;
  avg: number;
  /** w·(k1+1), k1·(1−b) and k1·b/avg: the impact's constants, for {@link quickContributionAt}. */
  wk: number;
  base: number;
  slope: number;
}

export function openCursors(index: LexicalIndex, terms: readonly WeightedTerm[], stats: LexicalStats, commonShare: number): Cursor[] {
  const { postings } = index;
  // Which terms are common is the segment's own affair (it only decides what is pruned); their weights are the statistics'.
  const commonAbove = Math.max(commonShare * postings.ids.length, COMMON_TERM_MIN_PASSAGES);
  const cursors: Cursor[] = [];
  for (const { field, term, weight } of terms) {
    const t = termNumber(postings, field, term);
    if (t < 0) continue;
    const start = postings.offsets[t]!;
    const end = postings.offsets[t + 1]!;
    if (start === end) continue;
    const w = weight * idf(stats.df(field, term), stats.n);
    const avg = index.averageLengths[field]! || 1;
    cursors.push({
      pos: start,
      end,
      w,
      bound: w * index.maxImpacts[t]!,
      pruningBound: end - start > commonAbove ? 0 : w * index.maxImpacts[t]!,
      lengths: postings.lengths[field]!,
      avg,
      wk: w * (BM25.k + 1),
      base: BM25.k * (1 - BM25.b),
      slope: (BM25.k * BM25.b) / avg,
    });
  }
  // A question of common words only is searched exactly: nothing else could select its passages.
  if (cursors.every((c) => c.pruningBound === 0)) for (const c of cursors) c.pruningBound = c.bound;
  return cursors;
}

/** The first position in `docs[from..end)` holding a document ≥ `d` (galloping, then binary search). */
export function seek(docs: Uint32Array, from: number, end: number, d: number): number {
  if (from >= end || docs[from]! >= d) return from;
  let lo = from;
  let step = 1;
  while (lo + step < end && docs[lo + step]! < d) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, end);
  // docs[lo] < d; docs[hi] >= d or hi === end
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < d) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** What a cursor's term adds to document `d` at posting `p`: the exhaustive scorer's exact expression. */
/**
 * The same with one division instead of two, for partial scores that only decide what is pruned
 * (the rounding difference, ~1e-16 relative, is far inside the pruning margin).
 */
const quickContributionAt = (c: Cursor, tfs: Uint8Array, p: number, d: number) => {
  const tf = tfs[p]!;
  return (c.wk * tf) / (tf + c.base + c.slope * c.lengths[d]!);
};

const contributionAt = (c: Cursor, tfs: Uint8Array, p: number, d: number) => {
  const tf = tfs[p]!;
  return (c.w * tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * c.lengths[d]!) / c.avg));
};

/** The `k`-th largest of `values[d]` over `list[0..count)`, ignoring values ≤ `floor` (-Infinity when fewer than `k` are above it). */
function kthLargest(values: Float64Array, list: Int32Array, count: number, k: number, floor: number): number {
  // A min-heap of the k largest seen so far.
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const v = values[list[i]!]!;
    if (v <= floor || (size === k && v <= heap[0]!)) continue;
    let at: number;
    if (size < k) {
      at = size++;
      while (at > 0 && heap[(at - 1) >> 1]! > v) {
        heap[at] = heap[(at - 1) >> 1]!;
        at = (at - 1) >> 1;
      }
    } else {
      at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= k) break;
        const r = l + 1;
        const child = r < k && heap[r]! < heap[l]! ? r : l;
        if (heap[child]! >= v) break;
        heap[at] = heap[child]!;
        at = child;
      }
    }
    heap[at] = v;
  }
  return size === k ? heap[0]! : -Infinity;
}

/** Rounding margin: bounds and partial scores are added up in other orders than the exact score. */
const margin = (score: number) => Math.abs(score) * 1e-9;

/**
 * The `limit` best documents and their exact scores, best first, ties in document order, by
 * term-at-a-time scoring with the "continue" strategy (Moffat & Zobel 1996). Terms are taken by
 * decreasing bound (weight × highest impact; common terms last, reckoned at 0: see
 * {@link COMMON_TERM_SHARE}) into one accumulator per document. Once what the
 * remaining terms can add together is below the `limit`-th best partial score, no document not
 * yet seen can enter the top: the remaining terms (the common ones, with the longest posting
 * lists) are then only looked up, by galloping, for the documents still in the running, and a
 * document is dropped as soon as its partial score plus the remaining bound falls below that
 * `limit`-th score. The few documents left at the end are scored again term by term in the
 * exhaustive scorer's order, so scores are identical to the last bit and so is the ranking.
 */
export function continueTop(index: LexicalIndex, cursors: readonly Cursor[], limit: number): { docs: number[]; scores: number[] } {
  const { docs, tfs } = index.postings;
  const n = index.postings.ids.length;
  const m = cursors.length;
  const order = cursors.map((_, i) => i).sort((a, b) => cursors[b]!.pruningBound - cursors[a]!.pruningBound || cursors[b]!.bound - cursors[a]!.bound);
  // rest[j]: what the terms order[j..m) can add to a document together, as far as pruning reckons.
  const rest = new Float64Array(m + 1);
  for (let j = m - 1; j >= 0; j--) rest[j] = rest[j + 1]! + cursors[order[j]!]!.pruningBound;
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  let touchedCount = 0;
  let best = 0;
  let j = 0;
  let threshold = -Infinity;
  let sinceCheck = 0;
  // Every document of a term is accumulated, until no unseen document can make the top.
  while (j < m) {
    const c = cursors[order[j++]!]!;
    for (let p = c.pos; p < c.end; p++) {
      const d = docs[p]!;
      if (acc[d] === 0) touched[touchedCount++] = d;
      const v = (acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d));
      if (v > best) best = v;
    }
    sinceCheck += c.end - c.pos;
    // Checking reads every accumulator: only worth it once as many postings were added since.
    if (j < m && touchedCount >= limit && rest[j]! < best && 2 * sinceCheck >= touchedCount) {
      sinceCheck = 0;
      const kth = kthLargest(acc, touched, touchedCount, limit, rest[j]!);
      threshold = kth - margin(kth);
      if (rest[j]! < threshold) break;
    }
  }
  // The documents that can still make the top, in document order.
  const floor = threshold - rest[j]!;
  let count = 0;
  for (let d = 0; d < n; d++) if (acc[d]! > 0 && acc[d]! >= floor) touched[count++] = d;
  let candidates = touched.subarray(0, count);
  // The remaining terms only for them.
  while (j < m && candidates.length > limit) {
    const c = cursors[order[j++]!]!;
    if (candidates.length * 4 < c.end - c.pos) {
      let p = c.pos;
      for (let i = 0; i < candidates.length; i++) {
        const d = candidates[i]!;
        p = seek(docs, p, c.end, d);
        if (p === c.end) break;
        if (docs[p] === d) acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d);
      }
    } else {
      let i = 0;
      for (let p = c.pos; p < c.end && i < candidates.length; p++) {
        const d = docs[p]!;
        while (i < candidates.length && candidates[i]! < d) i++;
        if (candidates[i] === d) acc[d] = acc[d]! + quickContributionAt(c, tfs, p, d);
      }
    }
    // The limit-th partial score only rises: values at or below the last one cannot raise it.
    const kth = kthLargest(acc, candidates, candidates.length, limit, threshold);
    if (kth > threshold) threshold = kth - margin(kth);
    let kept = 0;
    for (let i = 0; i < candidates.length; i++) {
      const d = candidates[i]!;
      if (acc[d]! + rest[j]! >= threshold) candidates[kept++] = d;
    }
    candidates = candidates.subarray(0, kept);
  }
  if (j === m && candidates.length > limit) {
    // Partial scores are complete: only those near the limit-th can be in the top.
    const kth = kthLargest(acc, candidates, candidates.length, limit, -Infinity);
    let kept = 0;
    for (let i = 0; i < candidates.length; i++) if (acc[candidates[i]!]! >= kth - margin(kth)) candidates[kept++] = candidates[i]!;
    candidates = candidates.subarray(0, kept);
  }
  // Exact scores of the survivors, each added up term by term in the exhaustive scorer's order.
  const exact = new Float64Array(candidates.length);
  for (const c of cursors) {
    let p = c.pos;
    for (let i = 0; i < candidates.length; i++) {
      const d = candidates[i]!;
      p = seek(docs, p, c.end, d);
      if (p === c.end) break;
      if (docs[p] === d) exact[i] = exact[i]! + contributionAt(c, tfs, p, d);
    }
  }
  const ranked = Array.from(candidates.keys()).sort((a, b) => exact[b]! - exact[a]! || candidates[a]! - candidates[b]!);
  const top = ranked.slice(0, limit);
  return { docs: top.map((i) => candidates[i]!), scores: top.map((i) => exact[i]!) };
}
