import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A model's files under `dir` (paths relative to it, as the hub lays them out), written; returns each with its size. */
export async function writeModelFiles(dir: string, files: readonly [string, string | Uint8Array][]): Promise<{ path: string; bytes: number }[]> {
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return files.map(([file, content]) => ({ path: file, bytes: Buffer.byteLength(content) }));
}
