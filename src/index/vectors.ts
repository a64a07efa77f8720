import hnswlib from "hnswlib-node";
import type { HierarchicalNSW } from "hnswlib-node";
import { graphHeaderProblem } from "./graph-header.ts";

/** HNSW graph parameters: `m` links per node, `efConstruction` build-time beam width. */
export interface GraphParams {
  m: number;
  efConstruction: number;
}

const RANDOM_SEED = 100;

/** An empty cosine HNSW graph with room for `capacity` points; deleted labels can be reused. */
export function createVectorIndex(dimensions: number, capacity: number, params: GraphParams): HierarchicalNSW {
  const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
  graph.initIndex(Math.max(16, capacity), params.m, params.efConstruction, RANDOM_SEED, true);
  return graph;
}

/**
 * Reads a graph written by {@link writeVectorIndex} with `params`; its deleted labels can be reused.
 * The header is checked first (see graph-header.ts): a damaged one throws instead of reaching hnswlib.
 */
export async function readVectorIndex(file: string, dimensions: number, params: GraphParams): Promise<HierarchicalNSW> {
  const problem = await graphHeaderProblem(file, { dimensions, ...params });
  if (problem !== undefined) throw new Error(`damaged graph header: ${problem}`);
  const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
  await graph.readIndex(file, true);
  return graph;
}

/** Writes the graph to `file`. */
export async function writeVectorIndex(graph: HierarchicalNSW, file: string): Promise<void> {
  await graph.writeIndex(file);
}

/** Adds (or, on a freed label, replaces) a point, growing the graph when it is full. */
export function putVector(graph: HierarchicalNSW, label: number, vector: Float32Array | number[]): void {
  if (label >= graph.getMaxElements()) {
    graph.resizeIndex(Math.max(label + 1, Math.ceil(graph.getMaxElements() * 1.5)));
  }
  graph.addPoint(Array.from(vector), label, true);
}

/** One nearest-neighbour hit: the label and its cosine similarity (1 − cosine distance). */
export interface VectorHit {
  label: number;
  similarity: number;
}

/**
 * The `k` labels nearest to `query`. `liveCount` (points not deleted, nor excluded by `accept`)
 * bounds `k`, because the native search fails when asked for more neighbours than it holds.
 * `accept`, when given, is asked about every label the search reaches: only accepted ones are returned.
 */
export function searchVectors(graph: HierarchicalNSW, query: Float32Array | number[], k: number, liveCount: number, efSearch: number, accept?: (label: number) => boolean): VectorHit[] {
  const n = Math.min(k, liveCount);
  if (n <= 0) return [];
  graph.setEf(Math.max(efSearch, n));
  const { neighbors, distances } = graph.searchKnn(Array.from(query), n, accept);
  return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
}

/**
 * The `k` rows of `vectors` (row-major, `dimensions` wide, each of unit length) nearest to `query`
 * by cosine similarity, exactly: every row is compared. For a few thousand rows this costs less
 * than a graph search. Labels are row numbers plus `firstLabel`.
 */
export function searchExact(vectors: Float32Array, dimensions: number, query: Float32Array | number[], k: number, firstLabel: number): VectorHit[] {
  const rows = vectors.length / dimensions;
  if (rows === 0 || k <= 0) return [];
  const q = unitVector(query);
  const scores = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let i = 0, at = r * dimensions; i < dimensions; i++, at++) dot += q[i]! * vectors[at]!;
    scores[r] = dot;
  }
  // Only rows above the k-th best score are sorted: no object per row.
  const keep = Math.min(k, rows);
  const floor = keep === rows ? -Infinity : scores.slice().sort()[rows - keep]!;
  const hits: VectorHit[] = [];
  scores.forEach((similarity, r) => {
    if (similarity >= floor) hits.push({ label: firstLabel + r, similarity });
  });
  return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

/** `vector` scaled to unit length (as the cosine graph stores points), as a new array. */
export function unitVector(vector: Float32Array | readonly number[]): Float32Array {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from(vector, (v) => v / norm);
}
