/** Runs {@link ./probe-child.ts} on an addon and compares two builds' answers. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./probe-child.ts", import.meta.url));

/** Distances may differ in the last bits (wider vectors add in another order), neighbours not. */
const DISTANCE_TOLERANCE = 1e-4;

type Answers = { neighbors: number[]; distances: number[] }[][];

/** The probe's answers from `addon`, or an Error saying why there are none (crash, SIGILL, timeout). */
export function probeAddon(addon: string): Answers | Error {
  // execArgv carries tsx's loader, so the child runs TypeScript the way this process does.
  const run = spawnSync(process.execPath, [...process.execArgv, CHILD, addon], { encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0) {
    const why = run.signal ?? run.error?.message ?? (run.stderr.split("\n").find((l) => /Error/.test(l))?.trim() || `exit ${run.status}`);
    return new Error(`the probe failed (${why})`);
  }
  return JSON.parse(run.stdout) as Answers;
}

/** Undefined when the candidate answers as the reference does, else what differs. */
export function compareAnswers(reference: Answers, candidate: Answers): string | undefined {
  const a = reference.flat();
  const b = candidate.flat();
  if (a.length !== b.length) return "a different number of answers";
  for (const [i, x] of a.entries()) {
    const y = b[i]!;
    if (x.neighbors.join() !== y.neighbors.join()) return `different neighbours for query ${i}`;
    if (x.distances.some((d, j) => !(Math.abs(d - (y.distances[j] ?? NaN)) <= DISTANCE_TOLERANCE))) {
      return `different distances for query ${i}`;
    }
  }
  return undefined;
}
