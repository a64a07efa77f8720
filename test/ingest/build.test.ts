import { readdir, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passageEmbedText } from "../../src/corpus/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { IndexError, currentGeneration, incompatibility, loadIndex } from "../../src/index/mod.ts";
import { buildIndex, modelFingerprint } from "../../src/ingest/mod.ts";
import type { BuildOptions } from "../../src/ingest/mod.ts";
import type { LoadedIndex } from "../../src/index/mod.ts";
import { searchPassages } from "../../src/search/mod.ts";
import { buildOptionsFor, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { writtenBeforeChecksums } from "../helpers/old-manifest.ts";

let ws: Workspace;
let embedder: Embedder;
let first: LoadedIndex;

const options = (extra: Partial<BuildOptions> = {}) => buildOptionsFor(ws, embedder, extra);

/** Every passage of an index, through its public look-up by label. */
const allPassages = (index: LoadedIndex) =>
  Array.from({ length: index.manifest.counts.labels }, (_, label) => index.passageAt(label)).filter((p) => p !== undefined);

const search = (index: LoadedIndex, question: string) =>
  searchPassages({ index, embedder, config: { ...ws.config.search, efSearch: 100 } }, question);

beforeAll(async () => {
  ws = await createWorkspace();
  embedder = await loadEmbedder(ws.config.embedding);
  first = (await buildIndex(options())).index;
});

afterAll(async () => {
  await embedder?.dispose();
  await ws?.remove();
});

describe("buildIndex", () => {
  it("indexes every seed report and reloads identically from disk", async () => {
    expect(first.manifest.counts.reports).toBe(5);
    expect(first.manifest.counts.passages).toBeGreaterThan(10);
    const loaded = await loadIndex(ws.config.index.dir);
    expect(loaded.manifest).toEqual(first.manifest);
    expect(allPassages(loaded)).toEqual(allPassages(first));
    expect(allPassages(loaded)).toHaveLength(first.manifest.counts.passages);
    const question = "Hà Tĩnh tổ chức bao nhiêu hội nghị Công an lắng nghe ý kiến Nhân dân?";
    const [a, b] = await Promise.all([search(first, question), search(loaded, question)]);
    expect(b.hits.map((h) => h.passage.id)).toEqual(a.hits.map((h) => h.passage.id));
    expect(a.hits[0]!.passage.text).toContain("360 hội nghị");
  });

  it("stores each passage's vector as the E5 model expects it: of \"passage: \" + title and text", async () => {
    // The generated model is laid out as Xenova/multilingual-e5-small, so the E5 prefixes apply;
    // the same model with no prefix spells the text out by hand.
    const bare = await loadEmbedder({ ...ws.config.embedding, passagePrefix: "", queryPrefix: "" });
    try {
      for (const passage of allPassages(first).slice(0, 5)) {
        const text = passageEmbedText(first.documents.get(passage.docId)!.title, passage.text);
        const [prefixed, unprefixed] = await bare.embedPassages([`passage: ${text}`, text]);
        const stored = first.vectors.getPoint(passage.label);
        const cosine = (v: Float32Array) => stored.reduce((s, x, i) => s + x * v[i]!, 0);
        expect(cosine(prefixed!)).toBeCloseTo(1, 5);
        // …and measurably not the vector of the text alone (the prefix is a few tokens of hundreds,
        // so the difference is small, but far beyond float error).
        expect(cosine(unprefixed!)).toBeLessThan(1 - 1e-4);
      }
    } finally {
      await bare.dispose();
    }
  });

  it("re-embeds only what changed, drops removed reports, adds new ones", async () => {
    const before = await loadIndex(ws.config.index.dir);
    const changedFile = path.join(ws.seedsDir, "000_b006b8f58c796141.txt");
    const original = await readFile(changedFile, "utf8");
    await writeFile(changedFile, original.replace("360 hội nghị", "361 hội nghị"));
    await unlink(path.join(ws.seedsDir, "001_7ec918850e737c07.txt"));
    await writeFile(path.join(ws.seedsDir, "005_moi.txt"), "Báo cáo mới về phòng cháy chữa cháy\n\nNgày 5/3, Công an huyện tổ chức diễn tập phòng cháy chữa cháy tại chợ trung tâm với 200 người tham gia.\n");
    try {
      const { index, summary } = await buildIndex(options());
      expect(summary.kind).toBe("incremental");
      expect(summary.changed).toEqual(["000_b006b8f58c796141.txt"]);
      expect(summary.removed).toEqual(["001_7ec918850e737c07.txt"]);
      expect(summary.added).toEqual(["005_moi.txt"]);
      expect(summary.unchanged).toBe(3);
      const changedCount = index.manifest.documents.find((d) => d.id.startsWith("000_"))!.passageCount;
      expect(summary.passagesEmbedded).toBe(changedCount + 1);
      // Unchanged reports keep their passage ids.
      const keptBefore = allPassages(before).filter((p) => p.docId.startsWith("002_"));
      expect(keptBefore.length).toBeGreaterThan(0);
      expect(keptBefore.map((p) => index.passageById(p.id))).toEqual(keptBefore.map((p) => expect.objectContaining({ ...p, label: expect.any(Number) })));
      expect(allPassages(index).some((p) => p.docId.startsWith("001_"))).toBe(false);
      const hits = (await search(index, "Công an huyện Phong Điền")).hits;
      expect(hits.every((h) => h.document.id !== "001_7ec918850e737c07.txt")).toBe(true);
      const fire = (await search(index, "diễn tập phòng cháy chữa cháy tại chợ")).hits[0]!;
      expect(fire.document.id).toBe("005_moi.txt");
      expect((await search(index, "361 hội nghị Công an lắng nghe")).hits[0]!.passage.text).toContain("361 hội nghị");
      // The in-memory result is what a fresh process would load.
      const reloaded = await loadIndex(ws.config.index.dir);
      expect(reloaded.manifest.counts).toEqual(index.manifest.counts);
    } finally {
      await writeFile(changedFile, original);
    }
  });

  it("an unchanged corpus embeds nothing", async () => {
    await buildIndex(options());
    const { summary } = await buildIndex(options());
    expect(summary.passagesEmbedded).toBe(0);
    expect(summary.added.length + summary.changed.length + summary.removed.length).toBe(0);
  });
});

describe("model and schema mismatch", () => {
  it("detects an index built with another model and rebuilds it fully", async () => {
    const index = await loadIndex(ws.config.index.dir);
    const other = { ...modelFingerprint({ embedder, embedding: ws.config.embedding }), id: "Xenova/another-model", dimensions: 384 };
    expect(incompatibility(index.manifest, other)).toMatch(/another-model/);
    expect(incompatibility(index.manifest, modelFingerprint({ embedder, embedding: ws.config.embedding }), ws.config.corpus.chunk)).toBeUndefined();

    const unquantized = { ...ws.config.embedding, quantized: false };
    const { summary, index: rebuilt } = await buildIndex(options({ embedding: unquantized }));
    expect(summary.kind).toBe("full");
    expect(summary.fullReason).toMatch(/model/);
    expect(summary.passagesEmbedded).toBe(rebuilt.manifest.counts.passages);
    expect(rebuilt.manifest.model.quantized).toBe(false);
    await buildIndex(options()); // back to the configured model
  });

  it("rebuilds when passage size settings change", async () => {
    const chunk = { ...ws.config.corpus.chunk, targetWords: 80, maxWords: 120 };
    const { summary } = await buildIndex(options({ corpus: { ...ws.config.corpus, chunk } }));
    expect(summary.kind).toBe("full");
    expect(summary.fullReason).toMatch(/passage size|chunk/i);
    await buildIndex(options());
  });
});

describe("crash safety", () => {
  it("a build that stops between writing and switching leaves the old index in force", async () => {
    const before = await loadIndex(ws.config.index.dir);
    const abort = new AbortController();
    await writeFile(path.join(ws.seedsDir, "006_crash.txt"), "Báo cáo thử nghiệm\n\nNội dung này không bao giờ được đưa vào chỉ mục vì quá trình dừng giữa chừng.\n");
    try {
      await expect(
        buildIndex(options({ signal: abort.signal, onProgress: (p) => p.phase === "write" && abort.abort() })),
      ).rejects.toThrow();
    } finally {
      await unlink(path.join(ws.seedsDir, "006_crash.txt"));
    }
    const after = await loadIndex(ws.config.index.dir);
    expect(after.dir).toBe(before.dir);
    expect(after.manifest.documents.map((d) => d.id)).not.toContain("006_crash.txt");
    const gens = (await readdir(ws.config.index.dir)).filter((n) => n.startsWith("gen-"));
    expect(gens).toContain(path.basename(before.dir));
  });

  it("a half-written generation left by a killed process is ignored and cleaned up", async () => {
    const before = await loadIndex(ws.config.index.dir);
    const orphan = path.join(ws.config.index.dir, "gen-20990101-000000-dead00");
    await writeFile(path.join(ws.config.index.dir, "build.lock"), "999999999"); // a pid that does not run
    await import("node:fs/promises").then((fs) => fs.mkdir(orphan, { recursive: true }));
    await writeFile(path.join(orphan, "vectors.hnsw"), "partial");
    expect((await loadIndex(ws.config.index.dir)).dir).toBe(before.dir);
    const { summary } = await buildIndex(options());
    expect(summary.passagesEmbedded).toBe(0);
    expect(await readdir(ws.config.index.dir)).not.toContain(path.basename(orphan));
  });

  it("a truncated vector file gives a clear error naming `npm run index`, and the next build repairs it", async () => {
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const file = path.join(dir, "vectors.hnsw");
    await truncate(file, 100);
    const error = await loadIndex(ws.config.index.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).kind).toBe("corrupt");
    expect((error as Error).message).toMatch(/vectors\.hnsw/);
    expect((error as Error).message).toMatch(/npm run index/);
    const { summary } = await buildIndex(options());
    expect(summary.kind).toBe("full");
    expect((await loadIndex(ws.config.index.dir)).manifest.counts.passages).toBe(summary.passages);
  });

  it("a damaged passage file gives a clear error naming it, and the next build repairs it", async () => {
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const file = path.join(dir, "passages.bin");
    const bytes = await readFile(file);
    bytes[bytes.length - 3]! ^= 0x01; // same size: only the content says it is damaged
    await writeFile(file, bytes);
    const error = await loadIndex(ws.config.index.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).kind).toBe("corrupt");
    expect((error as Error).message).toMatch(/passages\.bin/);
    expect((error as Error).message).toMatch(/npm run index/);
    const { summary } = await buildIndex(options());
    expect(summary.kind).toBe("full");
    expect((await loadIndex(ws.config.index.dir)).manifest.counts.passages).toBe(summary.passages);
  });

  it("an index written by an older version is reported as such and rebuilt, not read", async () => {
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { schemaVersion: number };
    await writeFile(manifestFile, JSON.stringify({ ...writtenBeforeChecksums(manifest), schemaVersion: 1 }));
    const error = await loadIndex(ws.config.index.dir).catch((e: unknown) => e);
    expect((error as IndexError).kind).toBe("incompatible");
    expect((error as Error).message).toMatch(/another version of hoidap.*npm run index/);
    const { summary } = await buildIndex(options());
    expect(summary.kind).toBe("full");
    expect(summary.fullReason).toMatch(/schema 1/);
    expect((await loadIndex(ws.config.index.dir)).manifest.schemaVersion).toBeGreaterThan(1);
  });

  it("an index of the version before deltas (schema 2) is still read, and its next reindex writes a new base", async () => {
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const manifestFile = path.join(dir, "manifest.json");
    const { baseId: _baseId, delta: _delta, ...manifest } = JSON.parse(await readFile(manifestFile, "utf8")) as { baseId?: string; delta?: unknown };
    await writeFile(manifestFile, JSON.stringify({ ...writtenBeforeChecksums(manifest), schemaVersion: 2 }));
    const old = await loadIndex(ws.config.index.dir);
    expect((await search(old, "Hà Tĩnh tổ chức bao nhiêu hội nghị?")).hits.length).toBeGreaterThan(0);
    old.close();
    const target = path.join(ws.seedsDir, (await readdir(ws.seedsDir)).find((f) => f.endsWith(".txt"))!);
    await writeFile(target, `${await readFile(target, "utf8")}\n\nBổ sung: đơn vị đã tổ chức thêm một buổi đối thoại với Nhân dân.\n`);
    const { summary, index } = await buildIndex(options());
    expect(summary.kind).toBe("incremental");
    expect(summary.written).toBe("base");
    expect(index.manifest.schemaVersion).toBe(3);
    index.close();
  });

  it("a missing index says how to build one", async () => {
    await rm(path.join(ws.dir, "empty"), { recursive: true, force: true });
    const error = await loadIndex(path.join(ws.dir, "empty")).catch((e: unknown) => e);
    expect((error as IndexError).kind).toBe("missing");
    expect((error as Error).message).toMatch(/npm run index/);
  });
});
