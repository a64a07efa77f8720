/**
 * A report's stamp: the size and modification time of its file and of its sidecar, recorded when it
 * was read, so a later scan can tell without reading either file that neither changed (the quick
 * check of make and rsync). The trade-off: a file rewritten with bytes of the same size and its
 * modification time put back is taken as unchanged until it is touched.
 */

/** Bump when reading or cleaning changes what a report file yields: every stamp then differs, so every report is read again. */
export const READER_VERSION = 2;

/**
 * Files modified this recently before a scan get no stamp: a second write within the file system's
 * timestamp granularity could leave size and time as the scan saw them. Such a file is read again
 * next time, when its time is safely in the past. A time on a whole second suggests a file system
 * that keeps whole (FAT: even) seconds, and gets the wide window; the others (ext4, xfs, btrfs,
 * tmpfs: a clock tick of a few ms) the narrow one, so that a folder copied just before indexing
 * is not read twice.
 */
export const RECENT_MS = { coarse: 2000, fine: 100 } as const;

/** What a stamp is made of: the parts of `fs.Stats` it reads. */
export interface FileTimes {
  size: number;
  mtimeMs: number;
}

/**
 * The stamp of a report file and its sidecar (`undefined` when it has none), or `undefined` when
 * one of them was modified less than {@link RECENT_MS} before `scanStartedAt` (or after it) and so
 * cannot be trusted to change when the file does.
 */
export function reportStamp(report: FileTimes, sidecar: FileTimes | undefined, scanStartedAt: number): string | undefined {
  if (!settled(report, scanStartedAt) || (sidecar !== undefined && !settled(sidecar, scanStartedAt))) return undefined;
  return `${READER_VERSION}/${report.size}:${report.mtimeMs}${sidecar === undefined ? "" : `+${sidecar.size}:${sidecar.mtimeMs}`}`;
}

// Module-level rather than closures in reportStamp: it runs for every report on every scan, and
// under tsx (esbuild keepNames) each inner function costs a defineProperty call per invocation.
function settled(f: FileTimes, scanStartedAt: number): boolean {
  return f.mtimeMs < scanStartedAt - (f.mtimeMs % 1000 === 0 ? RECENT_MS.coarse : RECENT_MS.fine);
}
