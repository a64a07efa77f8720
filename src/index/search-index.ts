import { foldedTermRarity, searchLexicalSegments } from "../keyword/mod.ts";
import type { LexicalHit, LexicalSearchOptions, LexicalSegment, Query } from "../keyword/mod.ts";
import type { LoadedIndex, SearchableIndex } from "./types.ts";
import { searchExact, searchVectors } from "./vectors.ts";
import type { VectorHit } from "./vectors.ts";

/*
 * Searching a loaded index as one, whether it is a base alone or a base and a delta (see delta.ts).
 */

/**
 * The `k` passages whose vectors are nearest `query`, by label: the base graph's (its removed
 * passages filtered out during the search) merged with an exact search of the delta's vectors.
 */
export function searchIndexVectors(index: Omit<LoadedIndex, keyof SearchMethods>, query: Float32Array | number[], k: number, efSearch: number): VectorHit[] {
  const { delta } = index;
  const removed = delta?.removed;
  const accept = removed !== undefined && delta!.removedCount > 0 ? (label: number) => removed[label] === 0 : undefined;
  const base = searchVectors(index.vectors, query, k, index.passages.live - (delta?.removedCount ?? 0), efSearch, accept);
  if (delta === undefined || delta.passages.live === 0) return base;
  const added = searchExact(delta.vectors, index.manifest.model.dimensions, query, k, delta.baseLabels);
  return [...base, ...added].sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

/** The index's lexical segments: the base (without its removed passages) and the delta's. */
function lexicalSegments(index: Omit<LoadedIndex, keyof SearchMethods>): LexicalSegment[] {
  const { delta } = index;
  if (delta === undefined) return [{ index: index.lexical }];
  return [{ index: index.lexical, removed: delta.removedIds }, { index: delta.lexical }];
}

/** The `limit` best lexical matches over the whole index (see `searchLexicalSegments`). */
export function searchIndexLexical(index: Omit<LoadedIndex, keyof SearchMethods>, query: Query | string, limit: number, options: LexicalSearchOptions = {}): LexicalHit[] {
  return searchLexicalSegments(lexicalSegments(index), query, limit, options);
}

/** How rare a diacritic-free syllable is across the whole index (see `foldedTermRarity`). */
export function indexTermRarity(index: Omit<LoadedIndex, keyof SearchMethods>, term: string): number {
  return foldedTermRarity(lexicalSegments(index).map((s) => s.index), term);
}

/** The searches a {@link SearchableIndex} offers. */
type SearchMethods = Pick<SearchableIndex, "searchVectors" | "searchKeywords" | "termRarity">;

/** The parts of a loaded index with its searches over them all (base and delta as one). */
export function withSearches(parts: Omit<LoadedIndex, keyof SearchMethods>): LoadedIndex {
  return {
    ...parts,
    searchVectors: (query, k, efSearch) => searchIndexVectors(parts, query, k, efSearch),
    searchKeywords: (query, limit, options) => searchIndexLexical(parts, query, limit, options),
    termRarity: (term) => indexTermRarity(parts, term),
  };
}
