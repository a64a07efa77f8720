/**
 * A sub-folder of the reports that cannot be listed (permissions) is skipped with a reason, like an
 * unreadable file, and the rest is read. The tests may run as root, who lists any folder whatever
 * its mode, so the refusal is injected into `readdir` for the one folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { scanCorpus } from "../../src/corpus/mod.ts";
import { englishReason } from "../../src/render/mod.ts";
import { DEFAULT_CHUNK } from "./fixtures.ts";

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const readdir = (async (dir: unknown, options?: unknown) => {
    if (String(dir).endsWith(`${path.sep}locked`)) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(dir)}'`), { code: "EACCES" });
    }
    return (real.readdir as (d: unknown, o?: unknown) => Promise<unknown>)(dir, options);
  }) as typeof real.readdir;
  return { ...real, readdir, default: { ...real, readdir } };
});

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-locked-"));
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  await put("open.txt", "Báo cáo công tác dân vận tháng năm\n\nCông an tỉnh và Ban Dân vận Tỉnh ủy đã phối hợp chặt chẽ trong năm qua.\n");
  await put("locked/inside.txt", "Báo cáo trong thư mục không đọc được\n\nNội dung không ai đọc được ở đây cả.\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("skips a folder it cannot list with a reason, and reads the rest", async () => {
  const scan = await scanCorpus({ seedsDir: dir, maxFileBytes: 100_000, chunk: DEFAULT_CHUNK });
  expect(scan.reports.map((r) => r.file)).toEqual(["open.txt"]);
  expect(scan.skipped.map((s) => s.file)).toEqual(["locked/"]);
  expect(englishReason(scan.skipped[0]!.reason)).toMatch(/^unreadable folder \(EACCES/);
});
