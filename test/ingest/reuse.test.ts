/**
 * Reindexing without reading unchanged reports: the manifest records each report's file size and
 * modification time (and its sidecar's), and a report whose files still match is taken from the
 * previous index without being read.
 */
import { readdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import { currentGeneration, loadIndex } from "../../src/index/mod.ts";
import type { BuildOptions } from "../../src/ingest/mod.ts";
import type { BuildSummary, LoadedIndex } from "../../src/index/mod.ts";
import { CAN_LIST_OPEN_FILES, openPassageFiles } from "../helpers/open-files.ts";
import { buildOptionsFor, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { writtenBeforeChecksums } from "../helpers/old-manifest.ts";
import { englishWarning, loadMessages, reasonText, summaryText, warningText } from "../../src/render/mod.ts";

let ws: Workspace;
let embedder: Embedder;

const CHANGED = "000_b006b8f58c796141.txt";
const SIDECAR_OF = "002_abeb19b5365f6e40.txt";
const DELETED = "003_e6f03f477db70e45.txt";

const options = (extra: Partial<BuildOptions> = {}) => buildOptionsFor(ws, embedder, extra);
const build = async (extra?: Partial<BuildOptions>) => buildIndex(options(extra));
const seedFile = (name: string) => path.join(ws.seedsDir, name);
let minutesAgo = 120;
/** Gives a file a modification time in the past, a different one at each call (as an edit would). */
const age = async (name: string) => {
  const when = new Date(Date.now() - 60_000 * minutesAgo--);
  await utimes(seedFile(name), when, when);
  return when;
};
/** Writes a file with a settled modification time (older than the scan's "too recent to trust" window). */
const put = async (name: string, data: string) => {
  await writeFile(seedFile(name), data);
  return age(name);
};
const passagesOf = (index: LoadedIndex, docId: string) =>
  Array.from({ length: index.manifest.counts.labels }, (_, label) => index.passageAt(label))
    .filter((p) => p?.docId === docId)
    .map((p) => p!.text)
    .join("\n");

beforeAll(async () => {
  ws = await createWorkspace();
  embedder = await loadEmbedder(ws.config.embedding);
  for (const name of await readdir(ws.seedsDir)) await age(name);
  await build();
});

afterAll(async () => {
  await embedder?.dispose();
  await ws?.remove();
});

describe("reindexing with unchanged report files", () => {
  it("records each report's stamp in the manifest and reuses every report when nothing changed", async () => {
    const { index, summary } = await build();
    expect(index.manifest.documents).toHaveLength(5);
    expect(index.manifest.documents.every((d) => typeof d.stamp === "string")).toBe(true);
    expect(summary).toMatchObject({ kind: "incremental", unchanged: 5, added: [], changed: [], removed: [], passagesEmbedded: 0 });
  });

  it("does not read a report rewritten with bytes of the same size and its time put back (the trade-off), and reads it once touched", async () => {
    const original = await readFile(seedFile(CHANGED), "utf8");
    const edited = original.replace("360 hội nghị", "361 hội nghị");
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(original));
    const { mtime } = await stat(seedFile(CHANGED));
    await writeFile(seedFile(CHANGED), edited);
    await utimes(seedFile(CHANGED), mtime, mtime);

    const unnoticed = await build();
    expect(unnoticed.summary.changed).toEqual([]);
    expect(passagesOf(unnoticed.index, CHANGED)).toContain("360 hội nghị");

    await age(CHANGED); // what any editor does when it saves
    const noticed = await build();
    expect(noticed.summary.changed).toEqual([CHANGED]);
    expect(noticed.summary.unchanged).toBe(4);
    expect(passagesOf(noticed.index, CHANGED)).toContain("361 hội nghị");
    expect(passagesOf(noticed.index, CHANGED)).not.toContain("360 hội nghị");
    await put(CHANGED, original);
    expect((await build()).summary.changed).toEqual([CHANGED]);
  });

  it("picks up a sidecar that appears, changes or disappears", async () => {
    const titleOf = (index: LoadedIndex) => index.documents.get(SIDECAR_OF)!.title;
    const detected = titleOf(await loadIndex(ws.config.index.dir));
    const sidecar = SIDECAR_OF.replace(/\.txt$/, ".meta.json");

    await put(sidecar, JSON.stringify({ title: "Tiêu đề theo tệp mô tả" }));
    const added = await build();
    expect(added.summary.changed).toEqual([SIDECAR_OF]);
    expect(titleOf(added.index)).toBe("Tiêu đề theo tệp mô tả");

    await put(sidecar, JSON.stringify({ title: "Tiêu đề đã sửa" }));
    const changed = await build();
    expect(changed.summary.changed).toEqual([SIDECAR_OF]);
    expect(titleOf(changed.index)).toBe("Tiêu đề đã sửa");

    await unlink(seedFile(sidecar));
    const removed = await build();
    expect(removed.summary.changed).toEqual([SIDECAR_OF]);
    expect(titleOf(removed.index)).toBe(detected);
  });

  it("repeats the warnings of a report it reuses", async () => {
    const sidecar = SIDECAR_OF.replace(/\.txt$/, ".meta.json");
    await put(sidecar, JSON.stringify({ date: "31/12/2024" }));
    try {
      const read = await build();
      const warning = expect.stringMatching(new RegExp(`^${sidecar.replace(/\./g, "\\.")}: ignored \\(date: `));
      expect(read.summary.warnings.map(englishWarning)).toEqual([warning]);
      const reused = await build();
      expect(reused.summary.unchanged).toBe(5);
      expect(reused.summary.warnings.map(englishWarning)).toEqual([warning]);
    } finally {
      await unlink(seedFile(sidecar));
      await build();
    }
  });

  it("removes a deleted report", async () => {
    const before = await readFile(seedFile(DELETED));
    await unlink(seedFile(DELETED));
    try {
      const { index, summary } = await build();
      expect(summary.removed).toEqual([DELETED]);
      expect(summary.unchanged).toBe(4);
      expect(index.documents.has(DELETED)).toBe(false);
      expect(passagesOf(index, DELETED)).toBe("");
      expect((await loadIndex(ws.config.index.dir)).manifest.documents.map((d) => d.id)).not.toContain(DELETED);
    } finally {
      await writeFile(seedFile(DELETED), before);
      await age(DELETED);
      expect((await build()).summary.added).toEqual([DELETED]);
    }
  });

  it("loads a manifest written before stamps existed, reads every report once, then reuses them", async () => {
    const manifestFile = path.join((await currentGeneration(ws.config.index.dir))!, "manifest.json");
    const manifest = writtenBeforeChecksums(JSON.parse(await readFile(manifestFile, "utf8")));
    for (const d of manifest.documents) {
      delete d.stamp;
      delete d.warnings;
    }
    await writeFile(manifestFile, JSON.stringify(manifest, null, 1));
    const old = await loadIndex(ws.config.index.dir);
    expect(old.manifest.documents.some((d) => d.stamp !== undefined)).toBe(false);

    const first = await build();
    expect(first.summary).toMatchObject({ kind: "incremental", unchanged: 5, passagesEmbedded: 0 });
    expect(first.index.manifest.documents.every((d) => typeof d.stamp === "string")).toBe(true);
    expect((await build()).summary.unchanged).toBe(5);
  });

  it("loads a manifest whose reasons are English lines, shows them as written, and updates it without reading the reports again", async () => {
    const messages = loadMessages();
    const sidecar = SIDECAR_OF.replace(/\.txt$/, ".meta.json");
    await put(sidecar, JSON.stringify({ date: "31/12/2024" }));
    await put("bang-tinh.xlsx", "a,b");
    try {
      await build();
      // As hoidap wrote them before reasons had keys: one English line each.
      const skippedLine = "not a report file (only .txt .md .docx .pdf .doc .html .htm .odt are read)";
      const warningLine = `${sidecar}: ignored (date: expected a date as YYYY-MM-DD); the metadata found in the text is used`;
      const manifestFile = path.join((await currentGeneration(ws.config.index.dir))!, "manifest.json");
      const manifest = writtenBeforeChecksums(JSON.parse(await readFile(manifestFile, "utf8")));
      manifest.skipped = [{ file: "bang-tinh.xlsx", reason: skippedLine }];
      for (const d of manifest.documents) if (d.warnings !== undefined) d.warnings = [warningLine];
      await writeFile(manifestFile, JSON.stringify(manifest, null, 1));

      const old = await loadIndex(ws.config.index.dir);
      expect(reasonText(messages, "vi", old.manifest.skipped[0]!.reason)).toBe(skippedLine);
      expect(old.manifest.documents.find((d) => d.id === SIDECAR_OF)!.warnings!.map((w) => warningText(messages, "vi", w))).toEqual([warningLine]);
      const shown: BuildSummary = { kind: "incremental", added: [], changed: [], removed: [], unchanged: 5, skipped: old.manifest.skipped, warnings: [], reports: 5, passages: 1, passagesEmbedded: 0, durationMs: 1 };
      expect(summaryText(shown, "vi", messages)).toContain(`Bỏ qua bang-tinh.xlsx: ${skippedLine}`);

      const next = await build();
      expect(next.summary).toMatchObject({ kind: "incremental", unchanged: 5, passagesEmbedded: 0 });
      expect(summaryText(next.summary, "vi", messages)).toContain("Bỏ qua bang-tinh.xlsx: không phải tệp báo cáo (chỉ đọc các tệp .txt .md .docx .pdf .doc .html .htm .odt)");
      // The report was not read again: its warning is repeated as it was stored.
      expect(next.summary.warnings.map(englishWarning)).toEqual([warningLine]);
    } finally {
      await unlink(seedFile(sidecar));
      await unlink(seedFile("bang-tinh.xlsx"));
      await build();
    }
  });

  it("reads every report when the passage size changes, though no file did", async () => {
    const chunk = { ...ws.config.corpus.chunk, targetWords: 60, maxWords: 90 };
    const before = await loadIndex(ws.config.index.dir);
    const { index, summary } = await build({ corpus: { ...ws.config.corpus, chunk } });
    expect(summary.kind).toBe("full");
    expect(summary.passagesEmbedded).toBe(index.manifest.counts.passages);
    expect(index.manifest.counts.passages).toBeGreaterThan(before.manifest.counts.passages);
    expect(passagesOf(index, CHANGED)).toContain("360 hội nghị");
    expect((await build()).summary.kind).toBe("full");
  });
});

describe("passage texts across reindexes (read from the passage file on demand)", () => {
  /** Every passage's text by id. */
  const textsOf = (index: LoadedIndex) =>
    new Map(
      Array.from({ length: index.manifest.counts.labels }, (_, label) => index.passageAt(label))
        .filter((p) => p !== undefined)
        .map((p) => [p.id, p.text]),
    );

  it("carries texts over byte for byte from a previous index whose generation directory was deleted meanwhile", async () => {
    const previous = await loadIndex(ws.config.index.dir);
    const texts = textsOf(previous);
    expect(texts.size).toBeGreaterThan(10);
    await rm(previous.dir, { recursive: true, force: true });
    // Other graph settings: the vectors are copied from the loaded graph, the texts from the deleted file.
    const hnsw = { ...ws.config.index.hnsw, m: ws.config.index.hnsw.m + 2 };
    const { index, summary } = await build({ previous, index: { ...ws.config.index, hnsw } });
    expect(summary).toMatchObject({ kind: "incremental", unchanged: 5, passagesEmbedded: 0 });
    expect(textsOf(index)).toEqual(texts);
    expect(textsOf(await loadIndex(ws.config.index.dir))).toEqual(texts);
    previous.close();
    await build(); // back to the configured graph
  });

  it.runIf(CAN_LIST_OPEN_FILES)("leaves no passage file open over 20 reindexes but the one of the index in use", async () => {
    // Only the generations made here count: indexes the other tests dropped unclosed wait for the collector.
    const made: string[] = [];
    const openHere = () => openPassageFiles().filter((f) => made.some((dir) => f.startsWith(`${dir}/`)));
    let index: LoadedIndex | undefined;
    for (let i = 0; i < 20; i++) {
      await put(CHANGED, `${await readFile(seedFile(CHANGED), "utf8")}\nĐoạn bổ sung số ${i}.\n`);
      const next = (await build()).index; // each build loads the previous generation itself, and must close it
      made.push(next.dir);
      index?.close(); // what the service does with the index it replaces
      index = next;
    }
    expect(openHere()).toEqual([path.join(index!.dir, "passages.bin")]);
    expect(textsOf(index!).size).toBe(index!.manifest.counts.passages);
    index!.close();
    expect(openHere()).toEqual([]);
  });
});
