import { existsSync } from "node:fs";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { sidecarPathFor } from "../corpus/mod.ts";
import { FailureError } from "../failure.ts";
import { reason } from "../read/mod.ts";

/** Moves a file, across file systems too (rename cannot: EXDEV). */
async function move(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(from, to);
    await rm(from);
  }
}

/** `dir/name.ext`, or `dir/name.2026-12-02T04-55-00Z.ext` when that is taken: a removed report never overwrites another. */
function freeName(target: string, now: Date): string {
  if (!existsSync(target)) return target;
  const ext = path.extname(target);
  return `${target.slice(0, target.length - ext.length)}.${now.toISOString().slice(0, 19).replaceAll(":", "-")}Z${ext}`;
}

/**
 * Takes a report out of the seeds folder without deleting it: the file (and its `.meta.json`
 * sidecar, when there is one) moves to `removedDir`, keeping its sub-folder. Returns where the
 * report went. The path must stay inside the seeds folder. Fails with the file system's error, or
 * a {@link FailureError} when the file is outside the folder or gone.
 */
export async function moveToRemoved(seedsDir: string, file: string, removedDir: string, now = new Date()): Promise<string> {
  const from = path.resolve(seedsDir, file);
  if (!from.startsWith(path.resolve(seedsDir) + path.sep)) throw new FailureError(reason("failure.not_in_reports_folder"), `${file} is not inside the reports folder`);
  if (!existsSync(from)) throw new FailureError(reason("failure.report_gone"), `${file} is no longer in the reports folder`);
  const to = freeName(path.join(removedDir, file), now);
  await move(from, to);
  const sidecar = path.resolve(seedsDir, sidecarPathFor(file));
  if (sidecar !== from && existsSync(sidecar)) await move(sidecar, freeName(path.join(removedDir, sidecarPathFor(file)), now));
  return to;
}
