/**
 * The service's reindex runs in a child process: its progress arrives here, a child that dies is a
 * failed reindex with a reason while the old index keeps serving, and closing the service stops
 * the child and leaves the index in force as it was.
 */
import { readFileSync } from "node:fs";
import { readFile, readdir, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { failureReason } from "../../src/failure.ts";
import { loadMessages, reasonText } from "../../src/render/mod.ts";
import { LEXICAL_VERSION } from "../../src/keyword/mod.ts";
import { currentGeneration, loadIndex } from "../../src/index/mod.ts";
import type { BuildProgress } from "../../src/index/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { CAN_LIST_OPEN_FILES, openPassageFiles } from "../helpers/open-files.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import type { Behaviour, ChildEmbedderOptions } from "./child-embedder.ts";
import pino from "pino";
import { writtenBeforeChecksums } from "../helpers/old-manifest.ts";
import { isAlive } from "../helpers/processes.ts";

/** Small, so the child is not starved when other test files keep both cores busy, yet visible. */
const NICE_STEP = 3;
const CHILD_EMBEDDER = path.join(path.dirname(new URL(import.meta.url).pathname), "child-embedder.ts");

const messages = loadMessages();
let ws: Workspace;
let service: QaService;
let options: ChildEmbedderOptions;

const behave = (b: Behaviour) => writeFile(options.behaviourFile, b);
/** The reindex processes that embedded passages, in order, with the nice value of each of their threads. */
const children = () =>
  readFileSync(options.pidFile, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => ({ pid: Number(l.split(" ")[0]), nices: l.split(" ")[1]!.split(",").map(Number) }));
const childPids = () => [...new Set(children().map((c) => c.pid))];
const generations = async () => (await readdir(ws.config.index.dir)).filter((n) => n.startsWith("gen-"));
const report = (marker: string) => `Trạm bơm ${marker} hoàn thành nâng cấp\n\nNgày 12/03/2024, Ban quản lý thủy lợi nghiệm thu trạm bơm ${marker} phục vụ tưới tiêu cho 400 héc-ta lúa.\n`;

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ws = await createWorkspace();
  options = { embedding: ws.config.embedding, pidFile: path.join(ws.dir, "pids"), behaviourFile: path.join(ws.dir, "behaviour") };
  await writeFile(options.pidFile, "");
  await behave("embed");
  service = await openQaService(ws.config, {
    logger: pino({ level: "silent" }),
    embedder: await loadEmbedder(ws.config.embedding),
    reindexEmbedder: { module: CHILD_EMBEDDER, options },
    reindexNice: NICE_STEP,
  });
});

afterAll(async () => {
  await service?.close();
  await ws?.remove();
});

describe("reindex in a child process", () => {
  it("builds in another process, whose progress arrives here, and puts the new index in force", async () => {
    await writeFile(path.join(ws.seedsDir, "005_tram_bom.txt"), report("Kênh Xanh"));
    const progress: BuildProgress[] = [];
    const summary = await service.reindex((p) => progress.push(p));

    expect(summary.added).toHaveLength(1);
    expect(summary.passagesEmbedded).toBeGreaterThan(0);
    // One short report is a small change: written as a delta, which this process loads over the base it serves.
    expect(summary.written).toBe("delta");
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(["scan", "embed", "index", "write", "done"]);
    const embedded = progress.filter((p) => p.phase === "embed").map((p) => p.passagesDone);
    expect(embedded.at(-1)).toBeGreaterThan(embedded[0]!);
    // The model that embedded the passages ran in another process, which has ended, and every one
    // of its threads (the model's runtime threads included) ran at a lower priority than this process.
    const [child] = children();
    expect(child!.pid).not.toBe(process.pid);
    expect(isAlive(child!.pid)).toBe(false);
    expect(child!.nices.length).toBeGreaterThan(3);
    for (const nice of child!.nices) expect(nice).toBe(Math.min(19, os.getPriority() + NICE_STEP));
    expect(service.reindexing()).toBeUndefined();
    // Searchable here at once.
    expect(service.status().reports).toBe(6);
    const { result } = await service.ask("trạm bơm Kênh Xanh tưới bao nhiêu héc-ta");
    expect(result.hits[0]?.document.file).toBe("005_tram_bom.txt");
  });

  it("a reindex with nothing changed writes no generation and keeps the index in force", async () => {
    const before = await currentGeneration(ws.config.index.dir);
    const gens = await generations();
    const summary = await service.reindex();
    expect(summary.written).toBe("none");
    expect([summary.added, summary.changed, summary.removed]).toEqual([[], [], []]);
    expect(await currentGeneration(ws.config.index.dir)).toBe(before);
    expect(await generations()).toEqual(gens);
    expect(service.status().lastReindex?.written).toBe("none");
    const { result } = await service.ask("trạm bơm Kênh Xanh tưới bao nhiêu héc-ta");
    expect(result.hits[0]?.document.file).toBe("005_tram_bom.txt");
    // A changed report is written again as usual.
    await writeFile(path.join(ws.seedsDir, "005_tram_bom.txt"), report("Kênh Đỏ"));
    const next = await service.reindex();
    expect(next.changed).toEqual(["005_tram_bom.txt"]);
    expect(next.written).toBe("delta");
    expect(await currentGeneration(ws.config.index.dir)).not.toBe(before);
  });

  it("reports a child that dies as a failed reindex, with the reason, and keeps serving the old index", async () => {
    const builtAt = service.status().builtAt;
    await writeFile(path.join(ws.seedsDir, "006_tram_bom.txt"), report("Kênh Đỏ"));
    await behave("crash");
    const error = await service.reindex().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/reindex process was killed \(SIGKILL/);
    // What the admin reads, in Vietnamese and in English.
    expect(reasonText(messages, "vi", failureReason(error))).toBe(
      "tiến trình cập nhật chỉ mục đã bị hệ thống dừng đột ngột (SIGKILL), thường do máy chủ thiếu bộ nhớ; hãy giải phóng bộ nhớ rồi thử lại",
    );
    expect(service.reindexing()).toBeUndefined();
    expect(service.status().builtAt).toBe(builtAt);
    expect(service.status().reports).toBe(6);
    const { result } = await service.ask("trạm bơm Kênh Xanh");
    expect(result.hits[0]?.document.file).toBe("005_tram_bom.txt");

    // The next reindex works, and clears what the dead one left behind.
    await behave("embed");
    const summary = await service.reindex();
    expect(summary.added).toHaveLength(1);
    expect(service.status().reports).toBe(7);
    expect((await generations()).length).toBeLessThanOrEqual(2);
  });

  it.runIf(CAN_LIST_OPEN_FILES)("holds only the passage file of the index in force open after its reindexes", async () => {
    const current = (await currentGeneration(ws.config.index.dir))!;
    const mine = openPassageFiles().filter((f) => f.startsWith(`${ws.config.index.dir}/`));
    expect(mine).toEqual([path.join(current, "passages.bin")]);
  });

  it("close() stops a reindex under way: no reindex process is left, and the index in force is intact", async () => {
    const builtAt = service.status().builtAt;
    const before = await generations();
    await writeFile(path.join(ws.seedsDir, "007_tram_bom.txt"), report("Kênh Tím"));
    await behave("hang");
    const known = childPids().length;
    const reindex = service.reindex();
    const outcome = reindex.then(
      () => "finished",
      (e: Error) => e.name,
    );
    await waitFor(() => childPids().length > known); // the child has its model and is embedding
    const pid = childPids().at(-1)!;
    expect(isAlive(pid)).toBe(true);
    await service.close();
    expect(await outcome).toBe("AbortError");
    expect(isAlive(pid)).toBe(false);

    const reopened = await openQaService(ws.config, { logger: pino({ level: "silent" }), embedder: await loadEmbedder(ws.config.embedding) });
    try {
      expect(reopened.status().builtAt).toBe(builtAt);
      expect(reopened.status().reports).toBe(7);
      expect(reopened.sources().map((d) => d.file)).not.toContain("007_tram_bom.txt");
    } finally {
      await reopened.close();
    }
    // The generation in force is untouched (a half-written one may remain until the next build).
    expect(await generations()).toEqual(expect.arrayContaining(before));
  });

  it("an index whose keyword part an older version wrote is rewritten in the background after opening", async () => {
    await unlink(path.join(ws.seedsDir, "007_tram_bom.txt")); // left by the test above: keep the reindex small
    await behave("embed");
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = writtenBeforeChecksums(JSON.parse(await readFile(manifestFile, "utf8")));
    manifest.lexicalVersion = "vi-syllables-0";
    await writeFile(manifestFile, JSON.stringify(manifest));

    const opened = await openQaService(ws.config, {
      logger: pino({ level: "silent" }),
      embedder: await loadEmbedder(ws.config.embedding),
      reindexEmbedder: { module: CHILD_EMBEDDER, options },
      reindexNice: NICE_STEP,
    });
    try {
      await waitFor(() => opened.status().lastReindex !== undefined); // nobody asked for it
      expect(opened.status().lastReindex!.passagesEmbedded).toBe(0);
      expect((await loadIndex(ws.config.index.dir)).manifest.lexicalVersion).toBe(LEXICAL_VERSION);
    } finally {
      await opened.close();
    }
  });
});
