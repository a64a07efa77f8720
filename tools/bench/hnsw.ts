/**
 * HNSW against exact search over the same vectors: build time, recall@10, latency, speed-up.
 *
 * "Exact" is hnswlib's own brute-force index (every vector compared, in native code), so the
 * speed-up compares two native searches in the same run, not native against JavaScript.
 */
import hnswlib from "hnswlib-node";
import type { HierarchicalNSW } from "hnswlib-node";
import { createVectorIndex, putVector, searchVectors } from "../../src/index/mod.ts";
import { latencies, latencySummary, timed, type Latency } from "./stats.ts";

/** Neighbours compared for recall. */
export const RECALL_K = 10;

/** Similarities this close count as equal (float32 vectors, float32 distances). */
const TIE_TOLERANCE = 1e-6;

/** Exact nearest neighbours of each query, and how long exact search took. */
export interface ExactResult {
  labels: number[][];
  /** Cosine similarity of each query's k-th exact neighbour. */
  kthSimilarity: number[];
  buildMs: number;
  latency: Latency;
}

/** Exact top-k by cosine for every query (labels = positions in `vectors`). */
export async function exactNeighbours(vectors: readonly Float32Array[], queries: readonly Float32Array[], k = RECALL_K): Promise<ExactResult> {
  const dimensions = vectors[0]?.length ?? 1;
  const build = await timed(() => {
    const brute = new hnswlib.BruteforceSearch("cosine", dimensions);
    brute.initIndex(Math.max(1, vectors.length));
    vectors.forEach((v, i) => brute.addPoint(Array.from(v), i));
    return brute;
  });
  const brute = build.value;
  const n = Math.min(k, vectors.length);
  const labels: number[][] = [];
  const kthSimilarity: number[] = [];
  const samples = await latencies(queries, (q) => {
    const { neighbors, distances } = brute.searchKnn(Array.from(q), n);
    labels.push(neighbors);
    kthSimilarity.push(1 - Math.max(...distances));
  });
  return { labels, kthSimilarity, buildMs: build.ms, latency: latencySummary(samples) };
}

/** HNSW graph parameters and search width. */
export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
}

/** What one HNSW configuration achieved. */
export interface HnswFigures extends HnswParams {
  buildMs: number;
  recallAt10: number;
  latency: Latency;
  /** Exact search's mean latency over HNSW's, same queries, same run. */
  speedUp: number;
}

/** Builds a graph the way the index does (createVectorIndex + putVector, one point at a time). */
export async function buildGraph(vectors: readonly Float32Array[], params: Pick<HnswParams, "m" | "efConstruction">): Promise<{ graph: HierarchicalNSW; ms: number }> {
  const dimensions = vectors[0]?.length ?? 1;
  const { value, ms } = await timed(() => {
    const graph = createVectorIndex(dimensions, vectors.length, params);
    vectors.forEach((v, label) => putVector(graph, label, v));
    return graph;
  });
  return { graph: value, ms };
}

/** Recall@k and latency of searching `graph` with `efSearch`, against the exact answers. */
export async function searchFigures(
  graph: HierarchicalNSW,
  count: number,
  queries: readonly Float32Array[],
  exact: ExactResult,
  efSearch: number,
): Promise<{ recallAt10: number; latency: Latency; speedUp: number }> {
  // A hit counts when it is one of the exact top k, or exactly as close as the k-th (a tie: with
  // duplicate passages, which of several equal vectors exact search lists is arbitrary).
  let found = 0;
  let wanted = 0;
  let i = 0;
  const samples = await latencies(queries, (q) => {
    const hits = searchVectors(graph, q, RECALL_K, count, efSearch);
    const truth = new Set(exact.labels[i]);
    const kth = exact.kthSimilarity[i++]!;
    wanted += truth.size;
    for (const h of hits) if (truth.has(h.label) || h.similarity >= kth - TIE_TOLERANCE) found++;
  });
  const latency = latencySummary(samples);
  return { recallAt10: wanted === 0 ? 1 : found / wanted, latency, speedUp: exact.latency.mean / latency.mean };
}

/** A grid of graph parameters and search widths to try (`--sweep`). */
export interface SweepGrid {
  m: number[];
  efConstruction: number[];
  efSearch: number[];
}

export const DEFAULT_SWEEP: SweepGrid = { m: [8, 16, 32], efConstruction: [100, 200], efSearch: [20, 50, 100, 200, 400] };

/** Every combination of the grid: one build per (m, efConstruction), every efSearch on it. */
export async function sweepHnsw(
  vectors: readonly Float32Array[],
  queries: readonly Float32Array[],
  exact: ExactResult,
  grid: SweepGrid,
  onResult?: (figures: HnswFigures) => void,
): Promise<HnswFigures[]> {
  const out: HnswFigures[] = [];
  for (const m of grid.m) {
    for (const efConstruction of grid.efConstruction) {
      const { graph, ms } = await buildGraph(vectors, { m, efConstruction });
      for (const efSearch of grid.efSearch) {
        const figures = { m, efConstruction, efSearch, buildMs: ms, ...(await searchFigures(graph, vectors.length, queries, exact, efSearch)) };
        out.push(figures);
        onResult?.(figures);
      }
    }
  }
  return out;
}
