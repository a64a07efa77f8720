import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EvalDocument } from "./types.ts";

/** How many files are written at once: enough to keep the disk busy, few enough for any fd limit. */
const WRITE_CONCURRENCY = 64;

/**
 * Writes an evaluation corpus into `dir` (which becomes the seeds directory the index is built
 * from): the reports of `baseDir` copied as they are (except those named in `leaveOut`, by path
 * or file name, with their sidecars), then every document as `<file>` holding its title line and
 * its text, with a `.meta.json` sidecar that fixes the title. Going through files on purpose: the
 * index is then built by exactly the path real reports take (scan, decode, clean, detect the
 * header, chunk), so the evaluation measures what users get.
 */
export async function writeEvalCorpus(
  dir: string,
  documents: readonly EvalDocument[],
  baseDir?: string,
  leaveOut: ReadonlySet<string> = new Set(),
): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (baseDir !== undefined) {
    const left = (src: string) => {
      const rel = path.relative(baseDir, src).split(path.sep).join("/");
      const report = rel.replace(/\.meta\.json$/i, ".txt");
      const reportMd = rel.replace(/\.meta\.json$/i, ".md");
      return [rel, report, reportMd].some((f) => leaveOut.has(f) || leaveOut.has(path.posix.basename(f)));
    };
    await cp(baseDir, dir, { recursive: true, filter: (src) => !left(src) });
  }
  const folders = new Set(documents.map((d) => path.posix.dirname(d.file)).filter((f) => f !== "."));
  for (const folder of folders) await mkdir(path.join(dir, folder), { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < documents.length) {
      const doc = documents[next++]!;
      const file = path.join(dir, doc.file);
      await writeFile(file, `${doc.title}\n\n${doc.text}\n`);
      await writeFile(file.replace(/\.(?:txt|md)$/i, "") + ".meta.json", JSON.stringify({ title: doc.title }));
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}
