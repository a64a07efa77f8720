import { readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { buildGeneration, buildIndex } from "../../src/ingest/mod.ts";
import { currentGeneration, loadGeneration, loadIndex } from "../../src/index/mod.ts";
import { parseQuery } from "../../src/keyword/mod.ts";
import type { BuildOptions } from "../../src/ingest/mod.ts";
import type { LoadedIndex } from "../../src/index/mod.ts";
import { deltaLimit } from "../../src/ingest/build.ts";
import { searchPassages } from "../../src/search/mod.ts";
import { buildOptionsFor, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";

/*
 * A reindex after a small change writes only a delta beside the previous base (see
 * src/index/delta.ts). What a user notices must not depend on it: the changed passages are found,
 * the old ones are not, and a delta reloaded from disk answers like the index that wrote it.
 */

let ws: Workspace;
let embedder: Embedder;
let base: LoadedIndex;

/** Large enough that every change in these tests fits a delta (the corpus has a few dozen passages). */
const DELTA = { deltaLimit: 1_000 };
const options = (extra: Partial<BuildOptions> = {}) => buildOptionsFor(ws, embedder, extra);

const allPassages = (index: LoadedIndex) =>
  Array.from({ length: index.manifest.counts.labels }, (_, label) => index.passageAt(label)).filter((p) => p !== undefined);

const search = (index: LoadedIndex, question: string) => searchPassages({ index, embedder, config: { ...ws.config.search, efSearch: 100 } }, question);

/** What a user sees of a search: passage ids and scores, in order. */
const results = async (index: LoadedIndex, question: string) => (await search(index, question)).hits.map((h) => ({ id: h.passage.id, score: h.score }));

const CHANGED = "000_b006b8f58c796141.txt";
const NEW_REPORT = "005_moi.txt";
const NEW_TEXT = "Báo cáo mới về phòng cháy chữa cháy\n\nNgày 5/3, Công an huyện tổ chức diễn tập phòng cháy chữa cháy tại chợ trung tâm với 200 người tham gia.\n";
const QUESTIONS = ["Hà Tĩnh tổ chức bao nhiêu hội nghị Công an lắng nghe ý kiến Nhân dân?", "diễn tập phòng cháy chữa cháy tại chợ", "Công an huyện Phong Điền", "361 hội nghị"];

let original: string;
let withDelta: LoadedIndex;

beforeAll(async () => {
  ws = await createWorkspace();
  embedder = await loadEmbedder(ws.config.embedding);
  base = (await buildIndex(options())).index;
  original = await readFile(path.join(ws.seedsDir, CHANGED), "utf8");
});

afterAll(async () => {
  await embedder?.dispose();
  await ws?.remove();
});

describe("reindexing into a delta", () => {
  it("finds a changed report's new passages and not its old ones, by words and by meaning, without rewriting the base", async () => {
    await writeFile(path.join(ws.seedsDir, CHANGED), original.replace("360 hội nghị", "361 hội nghị"));
    await writeFile(path.join(ws.seedsDir, NEW_REPORT), NEW_TEXT);
    const { index, summary } = await buildIndex(options(DELTA));
    withDelta = index;
    expect(summary.written).toBe("delta");
    expect(summary.changed).toEqual([CHANGED]);
    expect(summary.added).toEqual([NEW_REPORT]);
    expect(index.delta!.removedCount).toBe(base.documents.get(CHANGED)!.passageCount);
    // The base files are the previous generation's, not a copy (hard links share the inode).
    for (const file of ["vectors.hnsw", "lexical.bin", "passages.bin"]) {
      expect((await stat(path.join(index.dir, file))).ino).toBe((await stat(path.join(base.dir, file))).ino);
    }

    const oldPassages = allPassages(base).filter((p) => p.docId === CHANGED);
    const newPassages = allPassages(index).filter((p) => p.docId === CHANGED);
    expect(newPassages.length).toBeGreaterThan(0);
    expect(newPassages.some((p) => p.text.includes("361 hội nghị"))).toBe(true);
    expect(allPassages(index).some((p) => p.text.includes("360 hội nghị"))).toBe(false);
    for (const p of oldPassages) if (!newPassages.some((q) => q.id === p.id)) expect(index.passageById(p.id)).toBeUndefined();
    expect(allPassages(index)).toHaveLength(index.manifest.counts.passages);

    // Lexical: the new wording is found, and no hit is a passage that left the index.
    const live = new Set(allPassages(index).map((p) => p.id));
    const lexical = index.searchKeywords(parseQuery("361 hội nghị Công an lắng nghe"), 10);
    expect(index.passageById(lexical[0]!.id)!.text).toContain("361 hội nghị");
    expect(lexical.every((h) => live.has(h.id))).toBe(true);
    expect(index.searchKeywords(parseQuery("360 hội nghị"), 50).every((h) => live.has(h.id))).toBe(true);
    // Dense: a new passage's own text finds it first; the old passages are never returned.
    const fire = allPassages(index).find((p) => p.docId === NEW_REPORT)!;
    const dense = index.searchVectors(await embedder.embedQuery(fire.text), 50, 100);
    expect(index.passageAt(dense[0]!.label)!.id).toBe(fire.id);
    expect(dense.every((h) => index.passageAt(h.label) !== undefined)).toBe(true);
    expect(dense.length).toBe(Math.min(50, index.manifest.counts.passages));
    expect((await search(index, "diễn tập phòng cháy chữa cháy tại chợ")).hits[0]!.document.id).toBe(NEW_REPORT);
  });

  it("loads from disk, in a fresh process or reusing the base in memory, with the same results", async () => {
    const fresh = await loadIndex(ws.config.index.dir);
    const reused = await loadGeneration(withDelta.dir, { reuse: base });
    expect(fresh.manifest).toEqual(withDelta.manifest);
    // Reusing shares the base's graph instead of reading it again; a fresh load reads its own.
    expect(reused.vectors).toBe(base.vectors);
    expect(fresh.vectors).not.toBe(base.vectors);
    for (const loaded of [fresh, reused]) {
      expect(allPassages(loaded)).toEqual(allPassages(withDelta));
      for (const q of QUESTIONS) expect(await results(loaded, q)).toEqual(await results(withDelta, q));
    }
    // The index whose base was reused can be closed (the service does once no search uses it): the new one keeps working.
    const served = await loadGeneration(base.dir);
    const next = await loadGeneration(withDelta.dir, { reuse: served });
    served.close();
    for (const q of QUESTIONS) expect(await results(next, q)).toEqual(await results(withDelta, q));
    expect(allPassages(next).map((p) => p.text)).toEqual(allPassages(withDelta).map((p) => p.text));
    for (const index of [fresh, reused, next]) index.close();
  });

  it("drops a report that lives in the delta from the delta, keeping the base as it is", async () => {
    await unlink(path.join(ws.seedsDir, NEW_REPORT));
    const { index, summary } = await buildIndex(options(DELTA));
    expect(summary.written).toBe("delta");
    expect(summary.removed).toEqual([NEW_REPORT]);
    expect(index.delta!.passages.documents.map((d) => d.id)).toEqual([CHANGED]);
    expect(index.delta!.removedCount).toBe(withDelta.delta!.removedCount);
    expect(allPassages(index).some((p) => p.docId === NEW_REPORT)).toBe(false);
    const hits = (await search(index, "diễn tập phòng cháy chữa cháy tại chợ")).hits;
    expect(hits.every((h) => h.document.id !== NEW_REPORT)).toBe(true);
    expect((await search(index, "361 hội nghị Công an lắng nghe")).hits[0]!.passage.text).toContain("361 hội nghị");
    // The delta still loads against its base, which is still the first build's.
    expect((await loadIndex(ws.config.index.dir)).manifest.baseId).toBe(base.manifest.baseId);
    withDelta = index;
  });

  it("leaves the index in force serving when a delta build fails", async () => {
    await writeFile(path.join(ws.seedsDir, NEW_REPORT), NEW_TEXT);
    const before = await currentGeneration(ws.config.index.dir);
    const failing: Embedder = { ...embedder, embedPassages: () => Promise.reject(new Error("model crashed")) };
    await expect(buildIndex(options({ ...DELTA, embedder: failing }))).rejects.toThrow("model crashed");
    expect(await currentGeneration(ws.config.index.dir)).toBe(before);
    expect((await readdir(ws.config.index.dir)).filter((n) => n.startsWith("gen-"))).toContain(path.basename(before!));
    const loaded = await loadIndex(ws.config.index.dir);
    for (const q of QUESTIONS) expect(await results(loaded, q)).toEqual(await results(withDelta, q));
    await unlink(path.join(ws.seedsDir, NEW_REPORT));
  });

  it("compacts past the threshold into a new base with no delta, with the same top passages", async () => {
    await writeFile(path.join(ws.seedsDir, NEW_REPORT), NEW_TEXT);
    const small = await buildIndex(options(DELTA));
    expect(small.summary.written).toBe("delta");
    const { index, summary } = await buildIndex(options({ deltaLimit: 0 }));
    expect(summary.written).toBe("base");
    expect(summary.passagesEmbedded).toBe(0);
    expect(index.delta).toBeUndefined();
    expect(index.manifest.baseId).not.toBe(base.manifest.baseId);
    expect(index.manifest.counts.passages).toBe(small.index.manifest.counts.passages);
    expect(allPassages(index).map((p) => p.id).sort()).toEqual(allPassages(small.index).map((p) => p.id).sort());
    // Removed passages no longer count in the lexical statistics, so scores move a little; the best passages do not.
    for (const q of QUESTIONS) {
      const [a, b] = [await results(index, q), await results(small.index, q)];
      expect(a[0]!.id).toBe(b[0]!.id);
    }
    const reloaded = await loadIndex(ws.config.index.dir);
    expect(reloaded.delta).toBeUndefined();
    for (const q of QUESTIONS) expect(await results(reloaded, q)).toEqual(await results(index, q));
    // The next small change starts a delta over the new base.
    await writeFile(path.join(ws.seedsDir, CHANGED), original);
    const next = await buildIndex(options(DELTA));
    expect(next.summary.written).toBe("delta");
    expect(next.index.manifest.baseId).toBe(index.manifest.baseId);
    expect((await search(next.index, "360 hội nghị Công an lắng nghe")).hits[0]!.passage.text).toContain("360 hội nghị");
  });

  it("keeps deltas to 5% of the base and at most 5,000 passages by default", async () => {
    expect(deltaLimit(1_000)).toBe(50);
    expect(deltaLimit(100_000)).toBe(5_000);
    expect(deltaLimit(10)).toBe(0);
    // The seed reports hold a few dozen passages: rewriting one whole report is more than 5% of them.
    const before = await loadIndex(ws.config.index.dir);
    const changes = 2 * before.documents.get(CHANGED)!.passageCount;
    expect(changes).toBeGreaterThan(deltaLimit(before.passages.live));
    await writeFile(path.join(ws.seedsDir, CHANGED), original.replaceAll("Công an", "Lực lượng Công an"));
    const { index, summary } = await buildIndex(options());
    expect(summary.written).toBe("base");
    expect(index.delta).toBeUndefined();
    expect((await search(index, "Lực lượng Công an lắng nghe ý kiến Nhân dân")).hits[0]!.document.id).toBe(CHANGED);
  });

  it("writes a delta from disk with the same results as from an index in memory, and never links a damaged base file into it", async () => {
    const indexDir = ws.config.index.dir;
    const served = await loadIndex(indexDir);
    await writeFile(path.join(ws.seedsDir, CHANGED), original);
    const lazy = await buildGeneration(options(DELTA));
    expect(lazy.summary.written).toBe("delta");
    expect(lazy.summary.changed).toEqual([CHANGED]);
    const loaded = await loadGeneration(lazy.dir);
    // The same change over the same index, kept in memory by the caller as the service does.
    const { index: eager } = await buildIndex(options({ ...DELTA, previous: served }));
    expect(loaded.manifest.counts).toEqual(eager.manifest.counts);
    expect(allPassages(loaded)).toEqual(allPassages(eager));
    for (const q of QUESTIONS) expect(await results(loaded, q)).toEqual(await results(eager, q));
    for (const index of [served, loaded, eager]) index.close();

    // Damaged base files of the right size, which a size check misses. Hard links share them with
    // every generation on this base, so they are put back afterwards.
    const damaged = new Map<string, { bytes: Buffer; ino: number }>();
    for (const name of ["vectors.hnsw", "lexical.bin"]) {
      const file = path.join((await currentGeneration(indexDir))!, name);
      const bytes = await readFile(file);
      damaged.set(file, { bytes, ino: (await stat(file)).ino });
      await writeFile(file, Buffer.alloc(bytes.length));
    }
    try {
      await writeFile(path.join(ws.seedsDir, CHANGED), `${original}\nMột câu thêm.\n`);
      const next = await buildGeneration(options(DELTA));
      expect(next.summary.written).toBe("base");
      for (const [file, { ino }] of damaged) expect((await stat(path.join(next.dir, path.basename(file)))).ino).not.toBe(ino);
      const fresh = await loadGeneration(next.dir);
      expect((await search(fresh, "Lực lượng Công an lắng nghe ý kiến Nhân dân")).hits[0]!.document.id).toBe(CHANGED);
      fresh.close();
    } finally {
      // The build removed the damaged generations; any left share the damaged files, put back here.
      for (const [file, { bytes }] of damaged) await writeFile(file, bytes, { flag: "r+" }).catch(() => undefined);
    }
  });
});
