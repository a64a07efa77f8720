/**
 * The seeds directory → reports. Every `.txt` and `.md` file below it is read (dotfiles and
 * dot-directories are not: `.git`, editor backups); each either becomes a report or is skipped
 * with a one-line reason, and one bad file never stops the scan.
 */
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import path from "node:path";
import type { CorpusConfig } from "../config.ts";
import { CorpusError } from "./errors.ts";
import { readReport } from "./report.ts";
import { sidecarPathFor } from "./sidecar.ts";
import { reportStamp } from "./stamp.ts";
import type { CorpusScan, Report, ReportSource, ScanOptions, SkippedFile } from "./types.ts";

const REPORT_FILE = /\.(?:txt|md)$/i;
const SIDECAR_FILE = /\.meta\.json$/i;

/**
 * Files stat-ed and read at once. One at a time, 25k reports spend most of their time waiting on
 * the file system; a few in flight keep libuv's four threads busy without opening thousands of
 * files at once.
 */
const IN_FLIGHT = 16;

/**
 * Reads every report under `config.seedsDir`, in path order (so ids, passages and the index come
 * out the same on every run). Files over `config.maxFileBytes` are skipped before being read;
 * other files in the folder are listed as skipped so nobody wonders why a `.pdf` is not found.
 * With `options.known`, reports whose files did not change since the caller read them are not
 * read again (see {@link ScanOptions}).
 * Throws a {@link CorpusError} only when the directory itself cannot be read.
 */
export async function scanCorpus(config: CorpusConfig, options: ScanOptions = {}): Promise<CorpusScan> {
  const startedAt = Date.now();
  const root = config.seedsDir;
  const files = await listFiles(root);
  const present = new Set(files);
  const outcomes = await mapInFlight(files, IN_FLIGHT, (file) => scanFile(file, { root, present, config, known: options.known, startedAt }));

  const scan: CorpusScan = { reports: [], skipped: [], warnings: [], reused: [], sources: new Map() };
  for (const outcome of outcomes) {
    if (outcome.kind === "skipped") scan.skipped.push(outcome.skipped);
    else if (outcome.kind === "sidecar") scan.warnings!.push(...outcome.warnings);
    else {
      if (outcome.kind === "report") scan.reports.push(outcome.report);
      else scan.reused.push(outcome.id);
      scan.sources.set(outcome.id, outcome.source);
      scan.warnings!.push(...(outcome.source.warnings ?? []));
    }
  }
  return scan;
}

type FileOutcome =
  | { kind: "report"; id: string; report: Report; source: ReportSource }
  | { kind: "reused"; id: string; source: ReportSource }
  | { kind: "skipped"; skipped: SkippedFile }
  | { kind: "sidecar"; warnings: string[] };

interface ScanContext {
  root: string;
  present: ReadonlySet<string>;
  config: CorpusConfig;
  known: ScanOptions["known"];
  startedAt: number;
}

/** One listed file: a report read, a report reused, a skipped file, or a sidecar (with a warning when it has no report). */
async function scanFile(file: string, ctx: ScanContext): Promise<FileOutcome> {
  if (SIDECAR_FILE.test(file)) {
    const stem = file.replace(SIDECAR_FILE, "");
    if (!ctx.present.has(`${stem}.txt`) && !ctx.present.has(`${stem}.md`)) {
      return { kind: "sidecar", warnings: [`${file}: no report ${stem}.txt or ${stem}.md next to this sidecar; it is not used`] };
    }
    return { kind: "sidecar", warnings: [] };
  }
  if (!REPORT_FILE.test(file)) return { kind: "skipped", skipped: { file, reason: `not a report file (only .txt and .md are read)` } };

  const maxBytes = ctx.config.maxFileBytes;
  const info = await statLimited(path.join(ctx.root, file), maxBytes);
  if (!info.ok) return { kind: "skipped", skipped: { file, reason: info.reason } };
  const sidecarFile = sidecarPathFor(file);
  const hasSidecar = ctx.present.has(sidecarFile);
  // A sidecar that cannot even be stat-ed gives no stamp: the report is read, and the reason reported, every time.
  const sidecarInfo = hasSidecar ? await stat(path.join(ctx.root, sidecarFile)).catch(() => undefined) : undefined;
  let stamp = hasSidecar && sidecarInfo === undefined ? undefined : reportStamp(info.stats, sidecarInfo, ctx.startedAt);

  const known = stamp === undefined ? undefined : ctx.known?.(file);
  if (known?.stamp !== undefined && known.stamp === stamp) {
    return { kind: "reused", id: file, source: known.warnings === undefined ? { stamp } : { stamp, warnings: known.warnings } };
  }

  const bytes = await readLimited(path.join(ctx.root, file), maxBytes, info.stats);
  if (!bytes.ok) return { kind: "skipped", skipped: { file, reason: bytes.reason } };
  const warnings: string[] = [];
  let sidecar: unknown;
  if (hasSidecar) {
    const read = await readSidecar(path.join(ctx.root, sidecarFile), maxBytes);
    if (read.ok) sidecar = read.value;
    else {
      warnings.push(`${sidecarFile}: ignored (${read.reason}); the metadata found in the text is used`);
      stamp = undefined; // unreadable now, perhaps readable after a chmod that leaves its time alone
    }
  }
  const outcome = readReport(bytes.data, file, sidecar);
  if (!outcome.ok) return { kind: "skipped", skipped: outcome.skipped };
  warnings.push(...outcome.warnings);
  const source: ReportSource = {};
  if (stamp !== undefined) source.stamp = stamp;
  if (warnings.length > 0) source.warnings = warnings;
  return { kind: "report", id: file, report: outcome.report, source };
}

/** Maps `items` through `fn` with at most `limit` calls pending at once; results in input order. */
async function mapInFlight<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Paths (relative, forward slashes) of the regular files under `root`, sorted by code unit so the
 * order does not depend on the locale. Symbolic links to files are followed; to directories they
 * are not, so a link cycle cannot make the scan loop.
 */
async function listFiles(root: string): Promise<string[]> {
  try {
    if (!(await stat(root)).isDirectory()) throw new CorpusError(root, "is not a directory");
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(root, `cannot be read (${describe(error)})`);
  }
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else out.push(relPath); // files, links and anything else: readLimited says what is wrong with them
    }
  };
  await walk(root, "");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Read = { ok: true; data: Uint8Array } | { ok: false; reason: string };

/** The file's stats, or why it cannot be a report: unreadable, not a regular file, or over the size limit. */
async function statLimited(file: string, maxBytes: number): Promise<{ ok: true; stats: Stats } | { ok: false; reason: string }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      const link = (await lstat(file)).isSymbolicLink();
      return { ok: false, reason: link ? "symbolic link to a directory (not followed)" : "not a regular file" };
    }
    if (info.size > maxBytes) {
      return { ok: false, reason: `too large (${info.size} bytes; the limit is ${maxBytes} bytes, set by MAX_FILE_BYTES)` };
    }
    return { ok: true, stats: info };
  } catch (error) {
    return { ok: false, reason: `unreadable (${describe(error)})` };
  }
}

/** The file's bytes, or why not (checked with {@link statLimited} first unless its stats are given). */
async function readLimited(file: string, maxBytes: number, checked?: Stats): Promise<Read> {
  if (checked === undefined) {
    const info = await statLimited(file, maxBytes);
    if (!info.ok) return info;
  }
  try {
    return { ok: true, data: await readFile(file) };
  } catch (error) {
    return { ok: false, reason: `unreadable (${describe(error)})` };
  }
}

/** A sidecar's parsed JSON, or why it could not be read or parsed. */
async function readSidecar(file: string, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const bytes = await readLimited(file, maxBytes);
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.data);
  } catch {
    return { ok: false, reason: "not UTF-8 text" };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${error.message.replace(/^[A-Z]+: /, "").split(",")[0]}` : error.message;
  }
  return String(error);
}
