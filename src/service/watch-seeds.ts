/**
 * Keeping the index in step with the seeds folder without /reindex: files added, changed or removed
 * under it (sub-folders too) start an incremental reindex once the folder has been quiet for a
 * moment — the same single-flight reindex, in the same child process, as /reindex.
 *
 * fs.watch with `recursive: true` is used rather than chokidar: Node 20 supports it on Linux
 * (inotify on every sub-folder, new sub-folders included), checked on this machine with files
 * added, added in a new sub-folder, and moved out.
 */
import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log.ts";
import type { QaService } from "./service.ts";

/** Options for {@link watchSeeds}. */
export interface WatchOptions {
  /** Quiet time after the last change before reindexing (copying a folder of reports is many events). */
  debounceMs: number;
  log: Logger;
  /** Called after each reindex the watcher started (tests, the bot telling admins). */
  onReindexed?: (outcome: { ok: true; summary: Awaited<ReturnType<QaService["reindex"]>> } | { ok: false; error: Error }) => void;
}

/** A running watcher. */
export interface SeedsWatcher {
  /** Stops watching; a reindex already under way finishes (or is stopped by the service's close). */
  close(): void;
  /** Resolves when no reindex started by the watcher is running or waiting. */
  idle(): Promise<void>;
}

/** Names that are not reports: hidden files (uploads being written), editor swap and backup files. */
export function ignoredChange(file: string): boolean {
  const name = path.basename(file);
  return name.startsWith(".") || name.endsWith("~") || /\.(swp|swx|tmp|part|crdownload)$/i.test(name);
}

/** The latest modification time of the folder, its sub-folders and its files (ms), 0 when it is missing. */
export async function latestChange(dir: string): Promise<number> {
  let latest = 0;
  const visit = async (d: string): Promise<void> => {
    let entries;
    try {
      latest = Math.max(latest, (await stat(d)).mtimeMs);
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else if (!ignoredChange(e.name)) latest = Math.max(latest, (await stat(p).catch(() => undefined))?.mtimeMs ?? 0);
    }
  };
  await visit(dir);
  return latest;
}

/**
 * Watches `service.config.corpus.seedsDir` and reindexes after changes settle. At start, a folder
 * changed since the index in force was built (a folder's time changes when a file is added or
 * removed in it, a file's when it is written) is reindexed at once. A change seen while a reindex
 * runs is picked up by another one right after it.
 */
export function watchSeeds(service: QaService, options: WatchOptions): SeedsWatcher {
  const { log, debounceMs } = options;
  const dir = service.config.corpus.seedsDir;
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;

  const reindex = async (reason: string) => {
    // A reindex under way (from /reindex or an upload) may have scanned before this change: let it
    // finish, then start one that sees it.
    if (service.reindexing() !== undefined) await service.reindex().catch(() => undefined);
    if (closed) return;
    log.info({ dir, reason }, "reports folder changed; updating the index");
    try {
      const summary = await service.reindex();
      options.onReindexed?.({ ok: true, summary });
    } catch (error) {
      log.warn({ reason: (error as Error).message }, "automatic reindex failed; the previous index keeps serving");
      options.onReindexed?.({ ok: false, error: error as Error });
    }
  };
  const run = (reason: string) => {
    if (running !== undefined) {
      pending = true;
      return;
    }
    running = reindex(reason).finally(() => {
      running = undefined;
      if (pending && !closed) {
        pending = false;
        run("changed during the last update");
      }
    });
  };
  const schedule = () => {
    clearTimeout(timer);
    scheduled = true;
    timer = setTimeout(() => {
      scheduled = false;
      run("files changed");
    }, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (file !== null && ignoredChange(String(file))) return;
      schedule();
    });
    watcher.on("error", (error) => log.warn({ dir, reason: error.message }, "watching the reports folder stopped; use /reindex after changes"));
    log.info({ dir, debounceMs }, "watching the reports folder for changes");
  } catch (error) {
    log.warn({ dir, reason: (error as Error).message }, "cannot watch the reports folder; use /reindex after changes");
  }

  const builtAt = Date.parse(service.status().builtAt);
  const startup = latestChange(dir).then((latest) => {
    if (!closed && latest > builtAt) run("changed since the index was built");
  });

  return {
    close() {
      closed = true;
      scheduled = false;
      clearTimeout(timer);
      watcher?.close();
    },
    async idle() {
      await startup;
      while (running !== undefined || scheduled) {
        if (running !== undefined) await running;
        else await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
