import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { IndexError } from "./errors.ts";

/*
 * An index directory holds generations (`gen-…/`, each a complete index) and a `CURRENT` file naming
 * the one in use. A build writes a new generation beside the old one and then replaces `CURRENT`
 * with a rename, which is atomic: a crash at any moment leaves either the old or the new index
 * in force, never a mix.
 */

const CURRENT = "CURRENT";
/** The file whose existence (holding the builder's pid) marks a build under way. */
export const BUILD_LOCK = "build.lock";
const LOCK = BUILD_LOCK;

/** The generation `CURRENT` names, as an absolute directory, or `undefined` when there is none. */
export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  let name: string;
  try {
    name = (await readFile(path.join(indexDir, CURRENT), "utf8")).trim();
  } catch {
    return undefined;
  }
  if (!/^gen-[\w.-]+$/.test(name)) return undefined;
  return path.join(indexDir, name);
}

/**
 * What `CURRENT` says, checked: the generation directory it names when that exists, a problem
 * when it is unreadable, malformed or names nothing (damage: there are generations to fall back
 * on), `undefined` when there is no index at all (no `CURRENT` and no generation).
 */
export async function currentPointer(indexDir: string): Promise<{ dir: string } | { problem: string } | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(indexDir, CURRENT), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return { problem: `${CURRENT} is unreadable (${(error as NodeJS.ErrnoException).code})` };
    return (await generationDirs(indexDir)).length === 0 ? undefined : { problem: `${CURRENT} is missing` };
  }
  const name = text.trim();
  if (!/^gen-[\w.-]+$/.test(name)) return { problem: `${CURRENT} does not name a generation` };
  const dir = path.join(indexDir, name);
  if (!existsSync(dir)) return { problem: `${CURRENT} names ${name}, which does not exist` };
  return { dir };
}

/** Every generation directory under `indexDir`, finished or not, in name order. */
export async function generationDirs(indexDir: string): Promise<string[]> {
  const names = await readdir(indexDir).catch(() => [] as string[]);
  return names.filter((n) => /^gen-[\w.-]+$/.test(n)).sort().map((n) => path.join(indexDir, n));
}

/** Creates an empty, uniquely named generation directory (not yet in force). */
export async function createGeneration(indexDir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "").replace("T", "-").slice(0, 17);
  const dir = path.join(indexDir, `gen-${stamp}-${randomBytes(3).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Puts a fully written generation in force, atomically. */
export async function switchGeneration(indexDir: string, generationDir: string): Promise<void> {
  const tmp = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(`${path.basename(generationDir)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path.join(indexDir, CURRENT));
}

/**
 * Deletes generations other than the ones to keep. The one before the current stays by default so
 * a process that loaded it a moment ago can still read its files. A process serving an older one
 * keeps reading its passage file through the descriptor it holds (POSIX lets an open file outlive
 * its name); where the system refuses to delete a directory with an open file in it (Windows), the
 * generation is left for a later build to remove rather than failing a build already in force.
 */
export async function removeOldGenerations(indexDir: string, keep: readonly string[]): Promise<void> {
  const keepNames = new Set(keep.map((k) => path.basename(k)));
  const names = (await readdir(indexDir).catch(() => [] as string[])).filter((n) => n.startsWith("gen-")).sort();
  for (const name of names) {
    if (!keepNames.has(name)) await rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Takes the build lock (a file holding the builder's pid) so that the bot and `npm run index` never
 * write at the same time. A lock left by a process that no longer runs is taken over.
 * Returns the function that releases it.
 */
export async function acquireBuildLock(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const lockFile = path.join(indexDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" });
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new IndexError("busy", `Another process (pid ${pid}) is building the index in ${indexDir}; wait for it to finish.`);
      }
      if (pid === process.pid) throw new IndexError("busy", "A reindex is already running in this process.");
      await rm(lockFile, { force: true });
    }
  }
  throw new IndexError("busy", `Could not take the build lock ${lockFile}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

