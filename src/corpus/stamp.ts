/**
 * A report's stamp: the size and modification time of its file and of its sidecar, recorded when it
 * was read, so a later scan can tell without reading either file that neither changed (the quick
 * check of make and rsync). The trade-off: a file rewritten with bytes of the same size and its
 * modification time put back is taken as unchanged until it is touched.
 */

/** Bump when reading or cleaning changes what a report file yields: every stamp then differs, so every report is read again. */
export const READER_VERSION = 1;

/**
 * Files modified this recently before a scan get no stamp. A second write within the file
 * system's timestamp granularity (a clock tick on ext4, 2 s on FAT) could leave size and time as
 * the scan saw them; such a file is read again next time, when its time is safely in the past.
 */
export const RECENT_MS = 2000;

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
  const settled = (f: FileTimes) => f.mtimeMs < scanStartedAt - RECENT_MS;
  if (!settled(report) || (sidecar !== undefined && !settled(sidecar))) return undefined;
  const part = (f: FileTimes) => `${f.size}:${f.mtimeMs}`;
  return `${READER_VERSION}/${part(report)}${sidecar === undefined ? "" : `+${part(sidecar)}`}`;
}
