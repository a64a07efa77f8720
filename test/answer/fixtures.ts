/** Hits over small made-up reports, for the answer stage's tests. */
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import type { Hit, SearchResult } from "../../src/search/mod.ts";

/** A report entry with sensible defaults. */
export function doc(id: string, extra: Partial<DocumentEntry> = {}): DocumentEntry {
  return { id, file: id, title: `Báo cáo ${id}`, contentHash: id, passageCount: 3, paragraphCount: 9, ...extra };
}

/** A passage of `d` at report offset `start`, its paragraphs 1-based. */
export function passage(d: DocumentEntry, ordinal: number, start: number, text: string, paragraphs: [number, number] = [ordinal + 1, ordinal + 1]): IndexedPassage {
  return { id: `${d.id}:${ordinal}`, docId: d.id, ordinal, start, end: start + text.length, paragraphStart: paragraphs[0], paragraphEnd: paragraphs[1], text, label: ordinal };
}

export function hit(d: DocumentEntry, p: IndexedPassage, score: number, lexical?: number, dense?: number): Hit {
  return { passage: p, document: d, score, lexical, dense };
}

export function result(question: string, hits: Hit[], verdict: SearchResult["verdict"] = "lexical"): SearchResult {
  return { question, hits, found: verdict !== "none", verdict, mode: "hybrid", timings: { embedMs: 0, searchMs: 0 } };
}
