/**
 * Scanning a folder of mixed files: good reports are indexed, bad ones are skipped with a
 * reason, and no bad file stops the scan.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CorpusError, chunkReport, scanCorpus } from "../../src/corpus/mod.ts";
import type { CorpusScan } from "../../src/corpus/mod.ts";
import { englishReason, englishWarning } from "../../src/render/mod.ts";
import { DEFAULT_CHUNK, SEEDS_DIR } from "./fixtures.ts";

const report = (title: string, body = "Công an tỉnh và Ban Dân vận Tỉnh ủy đã phối hợp chặt chẽ trong năm qua.") => `${title}\n\n${body}\n`;
const MAX_BYTES = 2000;

let dir: string;
let scan: CorpusScan;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-corpus-"));
  const put = async (file: string, data: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), data);
  };
  await put("b-good.txt", report("Báo cáo công tác dân vận tháng năm"));
  await put("a-empty.txt", "");
  await put("binary.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
  await put("latin1.txt", Uint8Array.from("Le rapport décrit la situation", (c) => c.charCodeAt(0) & 0xff));
  await put("utf16.txt", new Uint8Array([0xff, 0xfe, ...Buffer.from(report("Báo cáo viết bằng UTF-16 có BOM"), "utf16le")]));
  await put("big.txt", report("Một báo cáo quá lớn để đọc", "Nội dung. ".repeat(300)));
  await put("sub/nested.md", "# Báo cáo trong thư mục con của kho\n\nNội dung báo cáo trong thư mục con.\n");
  await put("sidecar-bad.txt", report("Báo cáo có tệp mô tả hỏng ở bên cạnh"));
  await put("sidecar-bad.meta.json", "{ title: 'not json' }");
  await put("sidecar-invalid.txt", report("Báo cáo có tệp mô tả sai kiểu dữ liệu"));
  await put("sidecar-invalid.meta.json", JSON.stringify({ date: "23/06/2022" }));
  await put("sidecar-good.txt", report("Tiêu đề phát hiện từ văn bản báo cáo"));
  await put("sidecar-good.meta.json", JSON.stringify({ title: "Tiêu đề từ tệp mô tả", date: "2024-01-31", url: "https://example.org/r" }));
  await put("orphan.meta.json", JSON.stringify({ title: "x" }));
  await put("notes.pdf", "%PDF-1.4");
  await put(".hidden.txt", report("Tệp ẩn không được đọc vào kho"));
  await put(".git/inside.txt", report("Tệp trong thư mục ẩn không được đọc"));
  await symlink(path.join(dir, "does-not-exist.txt"), path.join(dir, "ghost.txt"));
  scan = await scanCorpus({ seedsDir: dir, maxFileBytes: MAX_BYTES, chunk: DEFAULT_CHUNK });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("scanning a folder with bad files", () => {
  it("indexes the good reports, in path order, with paths as ids", () => {
    expect(scan.reports.map((r) => r.id)).toEqual([
      "b-good.txt",
      "sidecar-bad.txt",
      "sidecar-good.txt",
      "sidecar-invalid.txt",
      "sub/nested.md",
      "utf16.txt",
    ]);
    expect(scan.reports.find((r) => r.id === "utf16.txt")?.title).toBe("Báo cáo viết bằng UTF-16 có BOM");
    expect(scan.reports.find((r) => r.id === "sub/nested.md")?.title).toBe("Báo cáo trong thư mục con của kho");
  });

  it("skips each bad file with its reason", () => {
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file, englishReason(s.reason)]));
    expect(Object.keys(reasons).sort()).toEqual(["a-empty.txt", "big.txt", "binary.txt", "ghost.txt", "latin1.txt", "notes.pdf"]);
    expect(reasons["a-empty.txt"]).toBe("empty");
    expect(reasons["binary.txt"]).toBe("the content is an image, not plain text");
    expect(reasons["latin1.txt"]).toMatch(/^not UTF-8 text \(invalid byte 0xE9 at byte 12\)/);
    expect(reasons["big.txt"]).toMatch(new RegExp(`^too large \\(\\d{4} bytes; the limit is ${MAX_BYTES} bytes, set by MAX_FILE_BYTES\\)$`));
    expect(reasons["ghost.txt"]).toMatch(/^unreadable \(ENOENT/);
    expect(reasons["notes.pdf"]).toMatch(/^not a readable PDF \(.+\)$/);
  });

  it("keeps sidecars and hidden files out of the documents", () => {
    const seen = [...scan.reports.map((r) => r.file), ...scan.skipped.map((s) => s.file)];
    expect(seen.filter((f) => f.endsWith(".json") || f.includes(".hidden") || f.includes(".git"))).toEqual([]);
  });

  it("applies a good sidecar, and reports bad or orphaned ones without dropping the report", () => {
    expect(scan.reports.find((r) => r.id === "sidecar-good.txt")).toMatchObject({
      title: "Tiêu đề từ tệp mô tả",
      date: "2024-01-31",
      url: "https://example.org/r",
    });
    expect(scan.reports.find((r) => r.id === "sidecar-bad.txt")?.title).toBe("Báo cáo có tệp mô tả hỏng ở bên cạnh");
    expect(scan.reports.find((r) => r.id === "sidecar-invalid.txt")?.title).toBe("Báo cáo có tệp mô tả sai kiểu dữ liệu");
    expect(scan.warnings).toHaveLength(3);
    expect(scan.warnings!.map(englishWarning)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sidecar-bad\.meta\.json: ignored \(not valid JSON: .+\); the metadata found in the text is used$/),
        "sidecar-invalid.meta.json: ignored (date: expected a date as YYYY-MM-DD); the metadata found in the text is used",
        "orphan.meta.json: no report orphan.txt (or .md, .docx, .pdf, …) next to this sidecar; it is not used",
      ]),
    );
  });

  it("fails with a clear error when the folder itself is missing", async () => {
    const missing = path.join(dir, "no-such-folder");
    await expect(scanCorpus({ seedsDir: missing, maxFileBytes: MAX_BYTES, chunk: DEFAULT_CHUNK })).rejects.toThrow(CorpusError);
    await expect(scanCorpus({ seedsDir: missing, maxFileBytes: MAX_BYTES, chunk: DEFAULT_CHUNK })).rejects.toThrow(/no-such-folder cannot be read \(ENOENT/);
  });
});

describe("passage ids across scans", () => {
  it("do not change for a report when other reports are added or changed", async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), "hoidap-corpus-"));
    try {
      const seeds = await scanCorpus({ seedsDir: SEEDS_DIR, maxFileBytes: 5_000_000, chunk: DEFAULT_CHUNK });
      const first = seeds.reports[0]!;
      await writeFile(path.join(other, first.file), await readFile(path.join(SEEDS_DIR, first.file)));
      const alone = await scanCorpus({ seedsDir: other, maxFileBytes: 5_000_000, chunk: DEFAULT_CHUNK });
      await writeFile(path.join(other, "000_aaa.txt"), report("Một báo cáo mới được thêm vào kho"));
      const withNeighbour = await scanCorpus({ seedsDir: other, maxFileBytes: 5_000_000, chunk: DEFAULT_CHUNK });

      const ids = (s: CorpusScan) => chunkReport(s.reports.find((r) => r.id === first.id)!, DEFAULT_CHUNK).map((p) => p.id);
      expect(ids(alone)).toEqual(ids(seeds));
      expect(ids(withNeighbour)).toEqual(ids(seeds));
      expect(withNeighbour.reports.map((r) => r.id)).toEqual(["000_aaa.txt", first.id]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
