import { splitSentences } from "../corpus/mod.ts";
import type { TextSpan } from "../corpus/mod.ts";
import type { Hit } from "../search/mod.ts";
import { localWeights, scoreSentence, sentenceFeatures } from "./sentence-scorer.ts";
import type { ScoringQuestion, SentenceScore } from "./sentence-scorer.ts";

/** A sentence of a ranked passage, scored as an answer. */
export interface ScoredSentence {
  /** Index of its passage among the ranked hits. */
  hit: number;
  /** Where it is in the passage's text (after a cut to its clauses, see {@link clauseSpan}). */
  span: TextSpan;
  text: string;
  /** The sentence's own score ({@link scoreSentence}) and, in `rank`, that plus its passage's rank. */
  scored: SentenceScore;
  rank: number;
  /** What its passage's rank adds to `rank` (the same for every sentence of a passage). */
  prior: number;
  /**
   * Another sentence of the same passage shown with it, apart from it in the text: the words rank
   * the two too close to tell which answers (see {@link withCompanion}).
   */
  companion?: { span: TextSpan; text: string };
}

/** How sentences are picked. Defaults in {@link DEFAULT_SENTENCE_OPTIONS}. */
export interface SentenceOptions {
  /** How many of the ranked passages are read for answer sentences. */
  passages: number;
  /** Weight of the passage's fused score (relative to the best passage's) in a sentence's rank. */
  passageWeight: number;
  /** Longest answer sentence shown, in characters; a longer one is cut to its best clauses. */
  maxChars: number;
  /** Longest answer of two sentences (with its neighbour or its companion), in characters. */
  blockChars: number;
  /** A second answer sentence (from another report) is shown when it ranks at least this share of the first. */
  secondShare: number;
  /**
   * The sentence before or after the answer sentence (same paragraph) is shown with it when its
   * own score is at least this share of the answer sentence's, and both fit in `blockChars`.
   */
  neighbourShare: number;
  /**
   * Another sentence of the answer's passage, apart from it, is shown with it ("A … B", in reading
   * order) when it scores at least this share of the answer sentence and both fit in `blockChars`.
   */
  companionShare: number;
}

/** See `docs/measurements/2026-12-02-answer-sentences.md` (and `2026-12-02-verdicts.md`) for how these were chosen. */
export const DEFAULT_SENTENCE_OPTIONS: SentenceOptions = { passages: 5, passageWeight: 0.5, maxChars: 350, blockChars: 450, secondShare: 0.9, neighbourShare: 0.7, companionShare: 0.7 };

/** How much more of the question two answer sentences must cover together than the first alone. */
const SECOND_GAIN = 0.25;

/**
 * The weighted share of the question's words held by a sentence together with its neighbours in
 * its passage: the evidence a reader sees around the answer. A sentence that answers "who chaired
 * it" often leaves the "it" to the sentence before.
 */
export function contextCoverage(q: ScoringQuestion, passageText: string, span: TextSpan): number {
  const sentences = splitSentences(passageText);
  const at = sentences.findIndex((s) => s.start <= span.start && span.start < s.end);
  if (at < 0) return scoreSentence(q, passageText.slice(span.start, span.end)).coverage;
  const from = sentences[Math.max(0, at - 1)]!.start;
  const to = sentences[Math.min(sentences.length - 1, at + 1)]!.end;
  return scoreSentence(q, passageText.slice(Math.min(from, span.start), Math.max(to, span.end))).coverage;
}

/**
 * Every sentence of the first `options.passages` hits, scored against the question and ranked:
 * a sentence's rank is its own score plus `passageWeight` × its passage's fused score relative to
 * the best passage's, so between two equally good sentences the one from the better passage wins.
 * A sentence longer than `maxChars` is scored, and kept, as the clauses of it a reader would be
 * shown ({@link clauseSpan}): its filler does not count against its answer.
 */
export function rankSentences(q: ScoringQuestion, hits: readonly Hit[], options: SentenceOptions = DEFAULT_SENTENCE_OPTIONS): ScoredSentence[] {
  const best = Math.max(1e-9, ...hits.slice(0, options.passages).map((h) => h.score));
  const all = hits.slice(0, options.passages).flatMap((hit, h) => {
    const spans = splitSentences(hit.passage.text);
    const features = spans.map((span) => sentenceFeatures(q, hit.passage.text.slice(span.start, span.end)));
    return spans.map((span, j) => {
      const text = hit.passage.text.slice(span.start, span.end);
      const previous = j > 0 && !/\n/.test(hit.passage.text.slice(spans[j - 1]!.end, span.start)) ? features[j - 1] : undefined;
      return { hit: h, span, text, features: features[j]!, before: previous };
    });
  });
  const local = localWeights(q, all.map((s) => s.features));
  const out: ScoredSentence[] = all.map((s) => {
    const prior = options.passageWeight * Math.max(0, hits[s.hit]!.score / best);
    // A sentence too long to show whole is judged by the clauses the reader would see of it.
    const shown = clauseSpan(q, hits[s.hit]!.passage.text, s.span, options.maxChars);
    const text = shown === s.span ? s.text : hits[s.hit]!.passage.text.slice(shown.start, shown.end);
    const scored = scoreSentence(q, text, local, shown === s.span ? s.features : sentenceFeatures(q, text), s.before, s.before !== undefined && continuesBefore(s.text));
    return { hit: s.hit, span: shown, text, scored, rank: scored.score + prior, prior };
  });
  return out.sort((a, b) => b.rank - a.rank || a.hit - b.hit || a.span.start - b.span.start);
}

/**
 * The answer sentences: the best-ranked sentence, cut to its best clauses when it is longer than
 * `maxChars` or shown with its neighbour, and a second one when a passage of another report holds
 * one nearly as good (a question about two reports) — else, maybe, a companion from its own
 * passage ({@link withCompanion}). Empty when no sentence holds a single word of the question.
 */
export function pickAnswerSentences(q: ScoringQuestion, ranked: readonly ScoredSentence[], hits: readonly Hit[], options: SentenceOptions = DEFAULT_SENTENCE_OPTIONS): ScoredSentence[] {
  const first = ranked[0];
  if (first === undefined || first.scored.coverage === 0) return [];
  const picked = [first];
  const firstDoc = hits[first.hit]!.passage.docId;
  // A second sentence only when it adds what the first lacks: a question about two reports.
  const second = ranked.find((s) => hits[s.hit]!.passage.docId !== firstDoc);
  const topScore = hits[0]?.score ?? 0;
  if (second !== undefined && second.rank >= options.secondShare * first.rank && hits[second.hit]!.score >= options.secondShare * topScore) {
    const both = scoreSentence(q, `${first.text}\n${second.text}`).coverage;
    if (both >= first.scored.coverage + SECOND_GAIN) picked.push(second);
  }
  const shown = picked.map((s) => {
    const text = hits[s.hit]!.passage.text;
    const cut = clauseSpan(q, text, s.span, options.maxChars);
    const span = cut === s.span ? withNeighbour(s, ranked, text, options) : cut;
    // A sentence opening with a pronoun still gets the sentence naming its subject, unless that one is already shown.
    const block = span.start === cut.start ? withAntecedent(text, span, options.blockChars) : span;
    return block === s.span ? s : { ...s, span: block, text: text.slice(block.start, block.end) };
  });
  // Two reports already make a two-part answer.
  return shown.length === 1 ? [withCompanion(shown[0]!, first, ranked, hits[first.hit]!.passage.text, options)] : shown;
}

/**
 * The answer sentence with a companion: the best-ranked other sentence of its passage outside
 * what is shown, when it scores at least `companionShare` of the answer sentence's score (meaning
 * included, the passage's rank not) and both fit in `blockChars`. Word scores that close do not
 * tell which of the two answers (a paraphrase, the subject named in one and the fact in the
 * other); the reader tells at a glance. Right next to what is shown, it simply extends it.
 */
export function withCompanion(shown: ScoredSentence, first: ScoredSentence, ranked: readonly ScoredSentence[], passageText: string, options: SentenceOptions): ScoredSentence {
  const other = ranked.find((s) => s !== first && s.hit === shown.hit && (s.span.end <= shown.span.start || s.span.start >= shown.span.end));
  // Within one passage only what the sentences themselves score tells them apart.
  if (other === undefined || other.rank - other.prior < options.companionShare * (first.rank - first.prior)) return shown;
  if (shown.text.length + other.text.length + COMPANION_JOIN.length > options.blockChars) return shown;
  const [a, b] = other.span.start < shown.span.start ? [other.span, shown.span] : [shown.span, other.span];
  // Right next to it in the same paragraph: one stretch of text, nothing left out.
  if (/^[^\S\n]*$/.test(passageText.slice(a.end, b.start))) return { ...shown, span: { start: a.start, end: b.end }, text: passageText.slice(a.start, b.end) };
  return { ...shown, companion: { span: other.span, text: other.text } };
}

/** What stands between an answer sentence and its companion, for the text left out between them. */
export const COMPANION_JOIN = " … ";

/**
 * The answer sentence together with the sentence just before or after it in its paragraph, when
 * that one scores nearly as well (the question's words are spread over the two: the subject named
 * in one, what it did in the other) or, for the one after, when it goes on about the same subject
 * ("Họ cũng…", "Công ty này…"); only when both fit in `blockChars`. The better-ranked one wins.
 */
export function withNeighbour(s: ScoredSentence, ranked: readonly ScoredSentence[], text: string, options: SentenceOptions): TextSpan {
  let best: { span: TextSpan; rank: number } | undefined;
  for (const n of ranked) {
    if (n.hit !== s.hit || n === s) continue;
    const after = n.span.start >= s.span.end;
    // Only the adjacent sentence: nothing but spaces between, and no paragraph break.
    const gap = after ? text.slice(s.span.end, n.span.start) : text.slice(n.span.end, s.span.start);
    if (!/^[^\S\n]*$/.test(gap)) continue;
    const span = after ? { start: s.span.start, end: n.span.end } : { start: n.span.start, end: s.span.end };
    if (span.end - span.start > options.blockChars) continue;
    const close = n.scored.score >= options.neighbourShare * s.scored.score;
    if ((close || (after && continuesBefore(n.text))) && (best === undefined || n.rank > best.rank)) best = { span, rank: n.rank };
  }
  return best?.span ?? s.span;
}

/**
 * Openings of a sentence that goes on about the subject of the one before: a pronoun ("Ông cũng…",
 * but "Ông Nguyễn Văn An…" names someone), "this / that" after a noun ("Công ty này", "Khu vực đó",
 * "Lực lượng trên") or a linking word ("Do đó").
 */
const CONTINUES = /^(?:\p{Lu}[\p{Ll}\p{M}]*(?:\s+[\p{Ll}\p{M}]+)?\s+(?:này|đó|ấy|trên)|(?:Ông|Bà|Anh|Chị)(?!\s+\p{Lu})|Nó|Họ|Chúng|Điều này|Việc này|Đây|Đó|Như vậy|Theo đó|Do đó|Bên cạnh đó|Cùng với đó|Qua đó|Từ đó|Vì vậy|Vì thế|Ngoài ra|Đồng thời|He|She|It|They|This|These|His|Her|Its|Their)(?![\p{L}\p{M}])/u;

/** Whether a sentence opens by referring back to the sentence before it (see {@link CONTINUES}). */
export function continuesBefore(sentence: string): boolean {
  return CONTINUES.test(sentence.trim());
}

/**
 * A sentence that opens with a pronoun ("Ông cũng mô tả việc chưng cất nước biển") names its
 * subject in the sentence before: that one is shown with it, when both fit in `maxChars`.
 */
export function withAntecedent(text: string, span: TextSpan, maxChars: number): TextSpan {
  if (!continuesBefore(text.slice(span.start, span.end))) return span;
  const previous = splitSentences(text.slice(0, span.start)).pop();
  if (previous === undefined || span.end - previous.start > maxChars || /\n/.test(text.slice(previous.end, span.start))) return span;
  return { start: previous.start, end: span.end };
}

/**
 * A sentence longer than `maxChars` cut to the run of its clauses (split at commas, semicolons,
 * colons and dashes) that holds most of the question, within `maxChars` — the shortest such run —
 * and a shorter one unchanged.
 */
export function clauseSpan(q: ScoringQuestion, text: string, span: TextSpan, maxChars: number): TextSpan {
  if (span.end - span.start <= maxChars) return span;
  const clauses: TextSpan[] = [];
  let start = span.start;
  const sentence = text.slice(span.start, span.end);
  for (const m of sentence.matchAll(/[,;:]\s+|\s[-–—]\s/gu)) {
    const end = span.start + m.index + m[0].length;
    clauses.push({ start, end });
    start = end;
  }
  clauses.push({ start, end: span.end });
  const value = clauses.map((c) => {
    const s = scoreSentence(q, text.slice(c.start, c.end));
    return s.coverage + (s.kindMatched ? 0.2 : 0);
  });
  let bestSpan: TextSpan | undefined;
  let bestValue = -1;
  for (let a = 0; a < clauses.length; a++) {
    let sum = 0;
    for (let b = a; b < clauses.length; b++) {
      if (clauses[b]!.end - clauses[a]!.start > maxChars) break;
      sum += value[b]!;
      // Between runs holding as much, the shortest: clauses holding none of the question are filler.
      if (sum > bestValue || (sum === bestValue && bestSpan !== undefined && clauses[b]!.end - clauses[a]!.start < bestSpan.end - bestSpan.start)) {
        bestValue = sum;
        bestSpan = { start: clauses[a]!.start, end: clauses[b]!.end };
      }
    }
  }
  if (bestSpan === undefined) return { start: span.start, end: cutAtSpace(text, span.start, span.start + maxChars) };
  // Drop the separator a clause ends with (", ").
  let end = bestSpan.end;
  while (end > bestSpan.start && /[\s,;:–—-]/u.test(text[end - 1]!)) end--;
  return { start: bestSpan.start, end };
}

function cutAtSpace(text: string, start: number, end: number): number {
  const space = text.lastIndexOf(" ", end);
  return space > start + (end - start) / 2 ? space : end;
}
