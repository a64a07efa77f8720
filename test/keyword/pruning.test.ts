import { describe, expect, it } from "vitest";
import {
  COMMON_TERM_MIN_PASSAGES,
  COMMON_TERM_SHARE,
  buildLexical,
  foldedTermRarity,
  loadLexical,
  searchLexical,
  searchLexicalSegments,
  serializeLexical,
  updateLexical,
  weightedQueryTerms,
} from "../../src/keyword/mod.ts";
import type { LexicalDocument, LexicalIndex } from "../../src/keyword/mod.ts";
import { findTerm } from "../../src/keyword/postings.ts";
import { foldDiacritics, parseGlossary } from "../../src/text/mod.ts";
import type { Glossary } from "../../src/text/mod.ts";

/*
 * The search skips work (terms whose bounds cannot matter any more are only looked up, passages
 * that cannot reach the top are dropped). These tests compare it, on many random questions over a
 * generated corpus, with a scorer that reads every posting of every term.
 */

/** A small seeded generator (mulberry32), so a failure can be reproduced. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"];
const RHYMES = ["a", "à", "á", "ạ", "an", "ăn", "ân", "ương", "ườn", "inh", "ình", "ông", "ồng", "ức", "iệt", "o", "ơ", "ư", "ê", "ai", "ay", "ôi", "ưa", "en"];

/** Syllables in a fixed order; drawn with a Zipf-like law, so the first ones are in most passages. */
function vocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) words.add(ONSETS[Math.floor(rand() * ONSETS.length)]! + RHYMES[Math.floor(rand() * RHYMES.length)]!);
  return [...words];
}

const zipf = (rand: () => number, n: number) => Math.min(n - 1, Math.floor(n ** rand()) - 1);

const GLOSSARY: Glossary = parseGlossary(
  {
    version: 1,
    entries: [
      { abbr: "ANTT", expansions: ["an ninh trật tự"] },
      { abbr: "PCCC", expansions: ["phòng cháy chữa cháy"] },
    ],
  },
  "test",
);
const PHRASES = ["an ninh trật tự", "ANTT", "phòng cháy chữa cháy", "PCCC"];

function corpus(seed: number, size: number): { docs: LexicalDocument[]; words: string[]; rand: () => number } {
  const rand = random(seed);
  const words = vocabulary(rand, 400);
  const docs: LexicalDocument[] = [];
  for (let i = 0; i < size; i++) {
    // Every tenth passage repeats an earlier one under another id: equal scores must keep index order.
    if (i > 10 && i % 10 === 0) {
      docs.push({ id: `p${i}`, text: docs[Math.floor(rand() * docs.length)]!.text });
      continue;
    }
    const short = rand() < 0.1;
    const length = short ? 2 + Math.floor(rand() * 5) : 3 + Math.floor(rand() * (rand() < 0.2 ? 300 : 60));
    const parts: string[] = [];
    // Short passages of common syllables only: they score high on common terms alone, so a
    // search that stops reading common terms too early would miss them.
    if (short) for (let w = 0; w < length; w++) parts.push(words[Math.floor(rand() * 15)]!);
    else for (let w = 0; w < length; w++) parts.push(rand() < 0.01 ? PHRASES[Math.floor(rand() * PHRASES.length)]! : words[zipf(rand, words.length)]!);
    docs.push({ id: `p${i}`, text: parts.join(" ") });
  }
  return { docs, words, rand };
}

/** Random questions: mostly common syllables, some rare ones, glossary phrases, a quarter without diacritics. */
function questions(rand: () => number, words: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let q = 0; q < count; q++) {
    const length = 1 + Math.floor(rand() * 25);
    const commonOnly = q % 3 === 0;
    const parts: string[] = [];
    for (let w = 0; w < length; w++) {
      if (rand() < 0.05) parts.push(PHRASES[Math.floor(rand() * PHRASES.length)]!);
      else parts.push(words[commonOnly && w > 0 ? Math.floor(rand() * 15) : zipf(rand, words.length)]!);
    }
    const text = parts.join(" ");
    out.push(q % 4 === 3 ? foldDiacritics(text) : text);
  }
  return out;
}

/** BM25 over every posting of every searched term: what the search must return. */
function exhaustive(index: LexicalIndex, question: string, limit: number, glossary?: Glossary): { id: string; score: number }[] {
  const { postings } = index;
  const n = postings.ids.length;
  const scores = new Float64Array(n);
  for (const { field, term, weight } of weightedQueryTerms(question, glossary)) {
    const { start, end } = findTerm(postings, field, term);
    if (start === end) continue;
    const w = weight * Math.log(1 + (n - (end - start) + 0.5) / (end - start + 0.5));
    const avg = index.averageLengths[field]! || 1;
    for (let p = start; p < end; p++) {
      const d = postings.docs[p]!;
      const tf = postings.tfs[p]!;
      scores[d] = scores[d]! + (w * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * postings.lengths[field]![d]!) / avg));
    }
  }
  return [...scores.keys()]
    .filter((d) => scores[d]! > 0)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, limit)
    .map((d) => ({ id: postings.ids[d]!, score: scores[d]! }));
}

function expectSameAsExhaustive(index: LexicalIndex, qs: readonly string[], glossary?: Glossary) {
  const limits = [1, 3, 10, 50];
  let nonEmpty = 0;
  qs.forEach((question, i) => {
    const limit = limits[i % limits.length]!;
    const want = exhaustive(index, question, limit, glossary);
    const got = searchLexical(index, question, limit, { glossary });
    expect({ question, ids: got.map((h) => h.id) }).toEqual({ question, ids: want.map((h) => h.id) });
    got.forEach((h, k) => expect(Math.abs(h.score - want[k]!.score)).toBeLessThanOrEqual(1e-9));
    if (want.length > 0) nonEmpty++;
  });
  // The comparison is only worth something if most questions match.
  expect(nonEmpty).toBeGreaterThan(qs.length * 0.8);
}

describe("lexical search with pruning", () => {
  const { docs, words, rand } = corpus(7, 3000);
  const index = buildLexical(docs);
  const qs = questions(rand, words, 400);

  it("returns the same passages in the same order, with the same scores, as exhaustive BM25", () => {
    expectSameAsExhaustive(index, qs);
  });

  it("stays exact with glossary terms added to the question", () => {
    expectSameAsExhaustive(index, qs, GLOSSARY);
  });

  it("keeps equal-scoring passages (identical texts) in index order", () => {
    // p11's text is a copy of an earlier passage: both score the same for its own words.
    const copy = docs.find((d, i) => i > 10 && i % 10 === 0)!;
    const original = docs.find((d) => d.text === copy.text && d.id !== copy.id)!;
    const hits = searchLexical(index, copy.text.split(" ").slice(0, 12).join(" "), 50);
    const a = hits.findIndex((h) => h.id === original.id);
    const b = hits.findIndex((h) => h.id === copy.id);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(hits[a]!.score).toBe(hits[b]!.score);
    expect(Number(original.id.slice(1)) < Number(copy.id.slice(1)) ? a < b : b < a).toBe(true);
  });

  it("stays exact after the index is saved and loaded, and after passages are replaced", () => {
    const loaded = loadLexical(serializeLexical(index));
    expectSameAsExhaustive(loaded, qs.slice(0, 150), GLOSSARY);
    const more = corpus(11, 400).docs.map((d, i) => ({ id: `new${i}`, text: d.text }));
    const updated = updateLexical(loaded, docs.slice(0, 500).map((d) => d.id), more);
    expectSameAsExhaustive(updated, qs.slice(150, 300), GLOSSARY);
  });
});

/**
 * BM25 over every posting of several segments scored as one index: n and document frequencies
 * added up over all segments (removed passages included), each segment's own lengths with the
 * first segment's averages; removed passages are not returned. Ties: earlier segment, then index order.
 */
function exhaustiveSegments(segments: readonly LexicalIndex[], removed: ReadonlySet<string>, question: string, limit: number, glossary?: Glossary): { id: string; score: number }[] {
  const n = segments.reduce((sum, s) => sum + s.postings.ids.length, 0);
  const averages = segments[0]!.averageLengths;
  const all: { id: string; score: number; order: number }[] = [];
  const terms = weightedQueryTerms(question, glossary);
  const df = (field: number, term: string) => segments.reduce((sum, s) => {
    const { start, end } = findTerm(s.postings, field, term);
    return sum + end - start;
  }, 0);
  segments.forEach(({ postings }, k) => {
    const scores = new Float64Array(postings.ids.length);
    for (const { field, term, weight } of terms) {
      const { start, end } = findTerm(postings, field, term);
      if (start === end) continue;
      const f = df(field, term);
      const w = weight * Math.log(1 + (n - f + 0.5) / (f + 0.5));
      const avg = averages[field]! || 1;
      for (let p = start; p < end; p++) {
        const d = postings.docs[p]!;
        const tf = postings.tfs[p]!;
        scores[d] = scores[d]! + (w * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * postings.lengths[field]![d]!) / avg));
      }
    }
    scores.forEach((score, d) => {
      if (score > 0 && !removed.has(postings.ids[d]!)) all.push({ id: postings.ids[d]!, score, order: k * 1e9 + d });
    });
  });
  return all.sort((a, b) => b.score - a.score || a.order - b.order).slice(0, limit);
}

describe("lexical search over a base and a delta", () => {
  const { docs, words, rand } = corpus(17, 2500);
  const base = buildLexical(docs);
  const changed = corpus(23, 150).docs.map((d, i) => ({ id: `delta${i}`, text: d.text }));
  // The delta is scored with the base's average lengths, as a delta generation's is.
  const delta = loadLexical(serializeLexical(buildLexical(changed, base.averageLengths)), base.averageLengths);
  const removed = new Set(docs.filter((_, i) => i % 17 === 3).map((d) => d.id));
  const qs = questions(rand, words, 300);

  it("returns the same passages and scores as exhaustive BM25 over the statistics of both, without removed passages", () => {
    const limits = [1, 3, 10, 50];
    let fromDelta = 0;
    qs.forEach((question, i) => {
      const limit = limits[i % limits.length]!;
      const glossary = i % 2 === 0 ? GLOSSARY : undefined;
      const want = exhaustiveSegments([base, delta], removed, question, limit, glossary);
      const got = searchLexicalSegments([{ index: base, removed }, { index: delta }], question, limit, { glossary });
      expect({ question, ids: got.map((h) => h.id) }).toEqual({ question, ids: want.map((h) => h.id) });
      got.forEach((h, k) => expect(Math.abs(h.score - want[k]!.score)).toBeLessThanOrEqual(1e-9));
      fromDelta += got.filter((h) => h.id.startsWith("delta")).length;
    });
    // Both segments must contribute for the comparison to mean something.
    expect(fromDelta).toBeGreaterThan(50);
  });

  it("measures relevance and rarity over both segments as over one index holding the same passages", () => {
    const merged = buildLexical([...docs, ...changed]);
    for (const question of qs.slice(0, 60)) {
      const want = new Map(searchLexical(merged, question, 3000).map((h) => [h.id, h.relevance]));
      for (const hit of searchLexicalSegments([{ index: base }, { index: delta }], question, 20)) expect(hit.relevance).toBeCloseTo(want.get(hit.id)!, 12);
    }
    for (const word of words.slice(0, 50).map(foldDiacritics)) expect(foldedTermRarity([base, delta], word)).toBeCloseTo(foldedTermRarity(merged, word), 12);
  });
});

describe("lexical search in a large index: common words do not select passages", () => {
  // Large enough that the most common syllables pass both thresholds of COMMON_TERM_SHARE.
  const { docs, words, rand } = corpus(13, Math.ceil(COMMON_TERM_MIN_PASSAGES * 1.2));
  const index = buildLexical(docs);
  const qs = questions(rand, words, 120);
  const common = words.filter((w) => findTerm(index.postings, 0, w).end - findTerm(index.postings, 0, w).start > COMMON_TERM_SHARE * docs.length);

  it("has common words to test with", () => {
    expect(common.length).toBeGreaterThan(3);
  });

  it("ranks the same first passages as exhaustive BM25, each with its exact score", () => {
    let sameFirst = 0;
    let overlap = 0;
    let nonEmpty = 0;
    for (const question of qs) {
      const ranked = exhaustive(index, question, docs.length);
      const want = ranked.slice(0, 10);
      const got = searchLexical(index, question, 10);
      if (want.length === 0) continue;
      nonEmpty++;
      if (got[0]?.id === want[0]!.id) sameFirst++;
      overlap += got.filter((h) => want.some((w) => w.id === h.id)).length / want.length;
      // Whatever is returned carries its true score, so the order among them is BM25's.
      const all = new Map(ranked.map((h) => [h.id, h.score]));
      for (const h of got) expect(Math.abs(h.score - all.get(h.id)!)).toBeLessThanOrEqual(1e-9);
    }
    expect(nonEmpty).toBeGreaterThan(qs.length * 0.8);
    expect(sameFirst / nonEmpty).toBeGreaterThanOrEqual(0.98);
    expect(overlap / nonEmpty).toBeGreaterThanOrEqual(0.95);
  });

  it("is exact with commonShare 1, and for a question whose every term is common", () => {
    for (const question of qs.slice(0, 40)) {
      expect(searchLexical(index, question, 10, { commonShare: 1 }).map((h) => h.id)).toEqual(exhaustive(index, question, 10).map((h) => h.id));
    }
    // One common syllable: its accented and folded forms are both common, and there is no pair.
    for (const question of common) {
      expect(searchLexical(index, question, 10).map((h) => h.id)).toEqual(exhaustive(index, question, 10).map((h) => h.id));
    }
  });
});
