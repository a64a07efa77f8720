/**
 * Scanning again with what the last scan recorded: reports whose file and sidecar keep their size
 * and modification time are not read (they come back as `reused`, not as reports with text);
 * anything that touches either file makes the report read again.
 */
import { mkdtemp, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RECENT_MS, reportStamp, scanCorpus } from "../../src/corpus/mod.ts";
import type { CorpusScan, ReportSource } from "../../src/corpus/mod.ts";
import { englishWarning } from "../../src/render/mod.ts";
import { DEFAULT_CHUNK } from "./fixtures.ts";

const HOUR_AGO = new Date(Date.now() - 3_600_000);
const body = "Công an tỉnh và Ban Dân vận Tỉnh ủy đã phối hợp chặt chẽ trong năm qua, tổ chức 360 hội nghị.";

let dir: string;
const file = (name: string) => path.join(dir, name);
const config = (maxFileBytes = 5000) => ({ seedsDir: dir, maxFileBytes, chunk: DEFAULT_CHUNK });

/** Writes a file with a modification time safely in the past (so the scan trusts its stamp). */
async function put(name: string, data: string, mtime = HOUR_AGO): Promise<void> {
  await writeFile(file(name), data);
  await utimes(file(name), mtime, mtime);
}

/** The next scan, told what `last` recorded. */
const rescan = (last: CorpusScan, maxFileBytes?: number) => scanCorpus(config(maxFileBytes), { known: (id) => last.sources.get(id) });
const readIds = (scan: CorpusScan) => scan.reports.map((r) => r.id);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-reuse-"));
  await put("a.txt", `Báo cáo công tác dân vận tháng năm\n\n${body}\n`);
  await put("b.txt", `Báo cáo có tệp mô tả bên cạnh\n\n${body}\n`);
  await put("b.meta.json", JSON.stringify({ title: "Tiêu đề từ tệp mô tả" }));
  await put("c.txt", `Báo cáo có tệp mô tả sai kiểu\n\n${body}\n`);
  await put("c.meta.json", JSON.stringify({ date: "23/06/2022" }));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a scan told what the last one recorded", () => {
  it("reads nothing when no file changed, and repeats the warnings of the reports it did not read", async () => {
    const first = await scanCorpus(config());
    expect(readIds(first)).toEqual(["a.txt", "b.txt", "c.txt"]);
    expect([...first.sources.values()].every((s) => s.stamp !== undefined)).toBe(true);

    const second = await rescan(first);
    expect(second.reports).toEqual([]);
    expect(second.reused).toEqual(["a.txt", "b.txt", "c.txt"]);
    expect(second.warnings).toEqual(first.warnings);
    expect(second.warnings!.map(englishWarning)).toEqual([expect.stringMatching(/^c\.meta\.json: ignored \(date: /)]);
    expect([...second.sources.keys()]).toEqual(["a.txt", "b.txt", "c.txt"]);
  });

  it("takes a file rewritten with bytes of the same size and its time put back as unchanged (the trade-off), and reads it once touched", async () => {
    const first = await scanCorpus(config());
    const before = await readFile(file("a.txt"), "utf8");
    const after = before.replace("360 hội nghị", "361 hội nghị");
    expect(Buffer.byteLength(after)).toBe(Buffer.byteLength(before));
    await put("a.txt", after); // same size, mtime restored to the recorded one

    const unnoticed = await rescan(first);
    expect(unnoticed.reused).toContain("a.txt");
    expect(readIds(unnoticed)).toEqual([]);

    const touched = new Date(HOUR_AGO.getTime() + 1000);
    await utimes(file("a.txt"), touched, touched);
    const noticed = await rescan(unnoticed);
    expect(readIds(noticed)).toEqual(["a.txt"]);
    expect(noticed.reports[0]!.text).toContain("361 hội nghị");
    expect(noticed.reused).toEqual(["b.txt", "c.txt"]);
  });

  it("reads a report again when its size changes, even with its time put back", async () => {
    const first = await scanCorpus(config());
    await put("a.txt", `Báo cáo công tác dân vận tháng năm\n\n${body} Thêm một câu.\n`);
    expect(readIds(await rescan(first))).toEqual(["a.txt"]);
  });

  it("reads a report again when its sidecar changes, appears or disappears", async () => {
    const first = await scanCorpus(config());

    await put("b.meta.json", JSON.stringify({ title: "Tiêu đề mới" }), new Date(HOUR_AGO.getTime() + 1000));
    const changed = await rescan(first);
    expect(readIds(changed)).toEqual(["b.txt"]);
    expect(changed.reports[0]!.title).toBe("Tiêu đề mới");

    await put("a.meta.json", JSON.stringify({ title: "Tệp mô tả mới thêm" }));
    const added = await rescan(changed);
    expect(readIds(added)).toEqual(["a.txt"]);
    expect(added.reports[0]!.title).toBe("Tệp mô tả mới thêm");

    await unlink(file("a.meta.json"));
    const removed = await rescan(added);
    expect(readIds(removed)).toEqual(["a.txt"]);
    expect(removed.reports[0]!.title).toBe("Báo cáo công tác dân vận tháng năm");
  });

  it("drops a deleted report and reads a new one", async () => {
    const first = await scanCorpus(config());
    await unlink(file("a.txt"));
    await put("d.txt", `Báo cáo mới thêm vào kho\n\n${body}\n`);
    const next = await rescan(first);
    expect(readIds(next)).toEqual(["d.txt"]);
    expect(next.reused).toEqual(["b.txt", "c.txt"]);
    expect(next.sources.has("a.txt")).toBe(false);
  });

  it("gives no stamp to a file whose time is not safely before the scan, so the next scan reads it even if nothing changed", async () => {
    await put("a.txt", `Báo cáo vừa được sửa\n\n${body}\n`, new Date(Date.now() + 60_000));
    const first = await scanCorpus(config());
    expect(first.sources.get("a.txt")).not.toHaveProperty("stamp");
    expect(first.sources.get("b.txt")?.stamp).toBeDefined();
    const second = await rescan(first);
    expect(readIds(second)).toEqual(["a.txt"]);
    expect(second.reused).toEqual(["b.txt", "c.txt"]);
  });

  it("does not reuse a report that is now over the size limit", async () => {
    const first = await scanCorpus(config());
    const size = (await stat(file("a.txt"))).size;
    const next = await rescan(first, size - 1);
    expect(next.skipped.map((s) => s.file)).toEqual(expect.arrayContaining(["a.txt"]));
    expect(next.reused).not.toContain("a.txt");
  });

  it("reuses nothing for a report whose recorded source has no stamp", async () => {
    const first = await scanCorpus(config());
    const noStamps = new Map<string, ReportSource>([...first.sources].map(([id, s]) => [id, { ...s, stamp: undefined }]));
    const next = await scanCorpus(config(), { known: (id) => noStamps.get(id) });
    expect(readIds(next)).toEqual(["a.txt", "b.txt", "c.txt"]);
    expect(next.reused).toEqual([]);
  });
});

describe("reportStamp", () => {
  const scanAt = 1_763_779_200_000;
  const fine = (msBefore: number, size = 100) => ({ size, mtimeMs: scanAt - msBefore - 0.123 });

  it("changes with the size or time of the report or its sidecar, and with a sidecar appearing", () => {
    const stamps = [
      reportStamp(fine(60_000), undefined, scanAt),
      reportStamp(fine(60_000, 101), undefined, scanAt),
      reportStamp(fine(60_001), undefined, scanAt),
      reportStamp(fine(60_000), fine(60_000), scanAt),
      reportStamp(fine(60_000), fine(60_000, 7), scanAt),
      reportStamp(fine(60_000), fine(59_000), scanAt),
    ];
    expect(stamps.every((s) => s !== undefined)).toBe(true);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(reportStamp(fine(60_000), fine(60_000), scanAt)).toBe(stamps[3]);
  });

  it("is withheld for a file modified within the file system's timestamp granularity of the scan, or after it", () => {
    expect(reportStamp(fine(RECENT_MS.fine / 2), undefined, scanAt)).toBeUndefined();
    expect(reportStamp(fine(RECENT_MS.fine * 2), undefined, scanAt)).toBeDefined();
    expect(reportStamp(fine(-5000), undefined, scanAt)).toBeUndefined();
    expect(reportStamp(fine(60_000), fine(RECENT_MS.fine / 2), scanAt)).toBeUndefined();
    // A whole-second time hints at a file system that keeps only seconds: the window is wider.
    const wholeSecond = { size: 100, mtimeMs: scanAt - 1000 };
    expect(reportStamp(wholeSecond, undefined, scanAt)).toBeUndefined();
    expect(reportStamp({ size: 100, mtimeMs: scanAt - RECENT_MS.coarse - 1000 }, undefined, scanAt)).toBeDefined();
  });
});
