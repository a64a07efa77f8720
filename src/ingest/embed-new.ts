import type { Passage } from "../corpus/mod.ts";
import type { IndexedPassage } from "../index/mod.ts";
import type { BuildState } from "./types.ts";

/**
 * Embeds the fresh passages in runs, handing each passage and its vector to `place` in order.
 * Runs cross report boundaries: a corpus of many short reports would otherwise be embedded in as
 * many tiny batches, leaving the model mostly idle.
 */
export async function embedFresh(build: BuildState, passagesBefore: number, passagesTotal: number, place: (passage: Passage, vector: Float32Array | number[]) => void): Promise<void> {
  const { fresh, plan, options, progress } = build;
  const reportsTotal = build.scan.sources.size;
  const lastPassageOf = new Map<string, number>();
  fresh.forEach((p, i) => lastPassageOf.set(p.docId, i));
  const finishedAt = [...lastPassageOf.values()].sort((a, b) => a - b);
  progress({ phase: "embed", reportsDone: plan.unchanged, reportsTotal, passagesDone: passagesBefore, passagesTotal });
  for (let from = 0; from < fresh.length; from += EMBED_RUN) {
    options.signal?.throwIfAborted();
    const run = fresh.slice(from, from + EMBED_RUN);
    // Checked after every model batch too, so an abort is acted on within one batch, not one run.
    const vectors = await options.embedder.embedPassages(run.map((p) => p.embedText), () => options.signal?.throwIfAborted());
    options.signal?.throwIfAborted();
    run.forEach((p, i) => place(p, vectors[i]!));
    const reportsDone = plan.unchanged + countBelow(finishedAt, from + run.length);
    progress({ phase: "embed", reportsDone, reportsTotal, passagesDone: passagesBefore + from + run.length, passagesTotal });
  }
  // Reports that yielded no passage (nothing left after cleaning) count as done too.
  progress({ phase: "index", reportsDone: plan.unchanged + plan.toEmbed.length, reportsTotal, passagesDone: passagesTotal, passagesTotal });
}

/** What the lexical index reads of a passage. */
export const lexicalDoc = (p: IndexedPassage) => ({ id: p.id, text: p.text });

/** A fresh passage as stored, at `label`. */
export function stored(p: Passage, label: number): IndexedPassage {
  const { embedText: _embedText, ...rest } = p;
  return { ...rest, label };
}

/** Passages embedded per call: enough to fill the model's batches, small enough for steady progress. */
const EMBED_RUN = 256;

/** How many of the sorted numbers are below `limit`. */
function countBelow(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
