import type { Hit } from "./types.ts";

/**
 * Drops hits that repeat a better-ranked hit: passages of the same report whose text overlaps by
 * more than half of the shorter one (neighbouring passages share an overlap sentence; that alone
 * does not make them duplicates). Order is kept.
 */
export function dropNearDuplicates(hits: readonly Hit[]): Hit[] {
  const kept: Hit[] = [];
  for (const hit of hits) {
    const p = hit.passage;
    const duplicate = kept.some(({ passage: q }) => {
      // a passage's text is its span of the report, so texts of different lengths never match
      // (and reading the length spares decoding the text from the passage store)
      if (q.docId !== p.docId) return q.end - q.start === p.end - p.start && q.text === p.text;
      const overlap = Math.min(p.end, q.end) - Math.max(p.start, q.start);
      return overlap > 0.5 * Math.min(p.end - p.start, q.end - q.start);
    });
    if (!duplicate) kept.push(hit);
  }
  return kept;
}
