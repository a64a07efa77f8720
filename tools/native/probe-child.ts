/**
 * Child process: loads the addon file given as argument, builds small HNSW indexes over fixed
 * pseudo-random vectors and prints the neighbours and distances of fixed queries as JSON.
 *
 * It runs in its own process because a build for instructions this CPU lacks dies with SIGILL,
 * which must not take the installer down with it.
 */
import { mulberry32 } from "../random.ts";

interface Index {
  initIndex(max: number, m?: number, efConstruction?: number, seed?: number): void;
  addPoint(point: number[], label: number): void;
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { neighbors: number[]; distances: number[] };
}
interface Addon {
  HierarchicalNSW: new (space: string, dimensions: number) => Index;
}

/** Deterministic vectors (mulberry32), so both builds index exactly the same points. */
function vectors(count: number, dimensions: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const next = () => random() / 4294967296 - 0.5;
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, next));
}

/** 384 is the model's width (whole 16-float blocks); 100 exercises the kernels' remainder path. */
const CASES = [
  { space: "cosine", dimensions: 384, points: 1000 },
  { space: "l2", dimensions: 100, points: 500 },
  { space: "ip", dimensions: 100, points: 500 },
];

const file = process.argv[2];
if (!file) throw new Error("usage: probe-child ADDON.node");
const loaded = { exports: {} as Addon };
process.dlopen(loaded, file);
const results = CASES.map(({ space, dimensions, points }, i) => {
  const index = new loaded.exports.HierarchicalNSW(space, dimensions);
  index.initIndex(points, 16, 200, 100);
  vectors(points, dimensions, i + 1).forEach((v, label) => index.addPoint(v, label));
  index.setEf(points);
  return vectors(20, dimensions, i + 101).map((q) => index.searchKnn(q, 10));
});
process.stdout.write(JSON.stringify(results));
