import path from "node:path";
import { FILES, BASE_FILES, deltaManifest, documentAt, encodePassageStore, labelCount, makeDelta, openPassageStore, readPassageStore, shareBaseFiles, unitVector, writeDelta } from "../index/mod.ts";
import type { IndexedPassage, PassageRow } from "../index/mod.ts";
import { buildLexical, updateLexical } from "../keyword/mod.ts";
import { embedFresh, lexicalDoc, stored } from "./embed-new.ts";
import type { BuildState, Previous, Written } from "./types.ts";

/**
 * Writes a delta generation over `previous`'s base: the base files are shared (linked), only the
 * passages added since the base (the previous delta's that are kept, and the fresh ones), their
 * vectors and their lexical segment are written. Nothing of the base is read or modified.
 */
export async function writeDeltaGeneration(build: BuildState, previous: Previous, dir: string): Promise<Written> {
  const { plan, fresh, progress } = build;
  const dimensions = build.options.embedder.dimensions;
  const base = previous.passages;
  const shift = labelCount(base);
  const before = previous.delta;
  const rows: PassageRow[] = plan.keptDelta.map((from) => ({ from }));
  const vectors = new Float32Array((plan.keptDelta.length + fresh.length) * dimensions);
  plan.keptDelta.forEach((from, i) => vectors.set(before!.vectors.subarray(from * dimensions, (from + 1) * dimensions), i * dimensions));
  const added: IndexedPassage[] = [];
  const kept = plan.keptDelta.length + (base.live - plan.droppedLabels.length);
  await embedFresh(build, kept, kept + fresh.length, (p, vector) => {
    const passage = stored(p, shift + rows.length);
    vectors.set(unitVector(vector), rows.length * dimensions);
    rows.push(passage);
    added.push(passage);
  });

  // The delta's reports: those whose passages it keeps, and the new or changed ones.
  const byId = new Map(build.documents.map((d) => [d.id, d]));
  const deltaDocIds = new Set<string>();
  if (before !== undefined) for (const from of plan.keptDelta) deltaDocIds.add(before.passages.documents[documentAt(before.passages, from)]!.id);
  for (const report of plan.toEmbed) deltaDocIds.add(report.id);
  const deltaDocuments = [...deltaDocIds].map((id) => byId.get(id)!);
  const averages = previous.lexicalAverages;
  const lexical =
    before === undefined
      ? buildLexical(added.map(lexicalDoc), averages)
      : updateLexical(before.lexical, plan.droppedDeltaIds, added.map(lexicalDoc), averages);

  progress({ phase: "write", reportsDone: build.scan.sources.size, reportsTotal: build.scan.sources.size, passagesDone: kept + fresh.length, passagesTotal: kept + fresh.length });
  const passageBytes = encodePassageStore(rows, deltaDocuments, before?.passages);
  const delta = makeDelta(base, plan.droppedLabels, openPassageStore(passageBytes, deltaDocuments, false), vectors, lexical);
  await shareBaseFiles(previous.dir, previous.delta !== undefined, dir);
  await writeDelta(dir, delta, passageBytes);
  // The new index's own handle on the (linked) base store: each index closes its own.
  const passages = await readPassageStore(path.join(dir, FILES.passages), base.documents, false);
  return {
    index: { passages, delta, manifest: { baseId: previous.manifest.baseId, delta: deltaManifest(delta, plan.droppedLabels), lexicalAverages: averages } },
    manifestFiles: [...BASE_FILES, FILES.baseManifest, FILES.deltaPassages, FILES.deltaVectors, FILES.deltaLexical],
  };
}

