import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import { BASE_FILES, FILES, allTexts, createVectorIndex, documentAt, encodePassageStore, labelCount, passageAt, passageIdAt, putVector, readPassageStore, readVectorIndex, writeVectorIndex } from "../index/mod.ts";
import type { IndexedPassage, PassageRow } from "../index/mod.ts";
import { LEXICAL_VERSION, buildLexicalInParallel, serializeLexical, updateLexical } from "../keyword/mod.ts";
import { embedFresh, lexicalDoc, stored } from "./embed-new.ts";
import { isKeywordOnly } from "./previous.ts";
import type { BuildState, Previous, Written } from "./types.ts";

/**
 * Writes a generation whose base holds every passage (a first build, or a compaction of the
 * previous base and delta): graph, passage store and lexical segment, and no delta.
 */
export async function writeBaseGeneration(build: BuildState, previous: Previous | undefined, dir: string): Promise<Written> {
  const { options, plan, fresh, progress } = build;
  const dimensions = options.embedder.dimensions;
  // Passages of the previous delta that are kept go into the new base like fresh ones, with their vectors.
  const carried = plan.keptDelta.map((row) => ({
    passage: passageAt(previous!.delta!.passages, row)!,
    vector: previous!.delta!.vectors.subarray(row * dimensions, (row + 1) * dimensions),
  }));
  const passagesTotal = plan.kept.length + carried.length + fresh.length;

  // Vectors: start from a private copy of the previous graph when it was built the same way,
  // so the graph in use is never modified and unchanged reports cost nothing.
  // A keyword-only build (no model) stores no vector: its graph stays empty, labels are packed anew.
  const keywordOnly = isKeywordOnly(options.embedder);
  const sameGraph = !keywordOnly && previous !== undefined && previous.manifest.hnsw.m === options.index.hnsw.m && previous.manifest.hnsw.efConstruction === options.index.hnsw.efConstruction;
  let graph: HierarchicalNSW;
  // Passages by label: kept ones by their label in the previous store (copied without decoding).
  const byLabel: (PassageRow | undefined)[] = [];
  const freeLabels: number[] = [];
  if (previous !== undefined && sameGraph) {
    graph = await readVectorIndex(path.join(previous.dir, FILES.vectors), dimensions, previous.manifest.hnsw);
    const keep = new Uint8Array(labelCount(previous.passages));
    byLabel.length = keep.length; // every label of the graph, free ones at the end included
    for (const label of plan.kept) keep[label] = 1;
    for (let label = 0; label < keep.length; label++) {
      if (keep[label] === 1) byLabel[label] = { from: label };
      else {
        if (documentAt(previous.passages, label) >= 0) graph.markDelete(label);
        freeLabels.push(label);
      }
    }
    freeLabels.reverse(); // reuse low labels first
  } else {
    graph = createVectorIndex(dimensions, keywordOnly ? 0 : passagesTotal, options.index.hnsw);
    const previousGraph = keywordOnly || plan.kept.length === 0 ? undefined : await previous!.readVectors();
    plan.kept.forEach((from, i) => {
      if (previousGraph !== undefined) putVector(graph, i, previousGraph.getPoint(from));
      byLabel[i] = { from };
    });
  }
  const added: IndexedPassage[] = [];
  const place = (p: Omit<IndexedPassage, "label">, vector: Float32Array | number[]) => {
    const label = freeLabels.pop() ?? byLabel.length;
    const passage: IndexedPassage = { ...p, label };
    if (!keywordOnly) putVector(graph, label, vector);
    byLabel[label] = passage;
    added.push(passage);
  };
  for (const { passage, vector } of carried) place(passage, vector);
  await embedFresh(build, plan.kept.length + carried.length, passagesTotal, (p, vector) => place(stored(p, -1), vector));

  const lexical =
    previous !== undefined && previous.manifest.lexicalVersion === LEXICAL_VERSION
      ? updateLexical(await previous.readLexical(), plan.droppedIds, added.map(lexicalDoc))
      : await buildLexicalInParallel(allPassages(byLabel, previous));

  progress({ phase: "write", reportsDone: build.scan.sources.size, reportsTotal: build.scan.sources.size, passagesDone: passagesTotal, passagesTotal });
  await writeVectorIndex(graph, path.join(dir, FILES.vectors));
  const passageFile = path.join(dir, FILES.passages);
  await writeFile(passageFile, encodePassageStore(byLabel, build.documents, previous?.passages));
  await writeFile(path.join(dir, FILES.lexical), serializeLexical(lexical));
  // The new index reads its texts from the file like a loaded one, so the ~100 MB buffer just
  // written is not kept (the checksum was computed from that buffer: nothing to verify).
  const passages = await readPassageStore(passageFile, build.documents, false);
  return {
    index: { passages, base: { vectors: graph, lexical }, manifest: { baseId: randomBytes(8).toString("hex"), lexicalAverages: lexical.averageLengths } },
    manifestFiles: [...BASE_FILES],
  };
}

/** Every passage's id and text (for a full lexical build), carried-over ones read from the previous store in one read. */
function allPassages(byLabel: readonly (PassageRow | undefined)[], previous: Previous | undefined): { id: string; text: string }[] {
  const carried = byLabel.some((row) => row !== undefined && "from" in row) ? allTexts(previous!.passages) : [];
  return byLabel.flatMap((row) => {
    if (row === undefined) return [];
    return "from" in row ? [{ id: passageIdAt(previous!.passages, row.from)!, text: carried[row.from]! }] : [{ id: row.id, text: row.text }];
  });
}
