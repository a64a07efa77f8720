/**
 * The seeds directory → reports. Every report file below it (.txt, .md, .docx, .doc, .pdf, .html,
 * .htm, .odt) is read (dotfiles and dot-directories are not: `.git`, editor backups); each either
 * becomes a report or is skipped with a one-line reason, and one bad file never stops the scan.
 * Formats other than text are parsed in a separate process with a time limit (read/isolated.ts),
 * so a hostile or broken file costs only itself.
 */
import { lstatSync, statSync } from "node:fs";
import type { Dirent, Stats } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createIsolatedReader, DEFAULT_READ_LIMITS, REPORT_EXTENSIONS, reason } from "../read/mod.ts";
import type { IsolatedReader, Reason } from "../read/mod.ts";
import type { CorpusConfig } from "./types.ts";
import { CorpusError } from "./errors.ts";
import { reportFromText } from "./report.ts";
import { sidecarPathFor } from "./sidecar.ts";
import { reportStamp } from "./stamp.ts";
import type { CorpusScan, FileWarning, Report, ReportSource, ScanOptions, SkippedFile } from "./types.ts";

const EXTENSIONS = Object.keys(REPORT_EXTENSIONS);
const REPORT_FILE = new RegExp(`(?:${EXTENSIONS.map((e) => e.replace(".", "\\.")).join("|")})$`, "i");
const SIDECAR_FILE = /\.meta\.json$/i;

/**
 * Reports read at once. One at a time, a first build of 25k reports spends most of its time
 * waiting on the file system; a few in flight keep libuv's four threads busy without opening
 * thousands of files at once.
 */
const IN_FLIGHT = 16;

/**
 * How long the synchronous stat pass may hold the event loop before letting other work run. Every
 * report is stat-ed on every scan, and `statSync` costs a few µs where a promise `stat` costs over
 * ten (a thread-pool round trip and a promise each): 25k files take ~70 ms instead of ~350 ms.
 * The scan also runs in-process (`npm run index`, the bench), so the pass yields this often.
 */
const SLICE_MS = 10;

/**
 * Reads every report under `config.seedsDir`, in path order (so ids, passages and the index come
 * out the same on every run). Files over `config.maxFileBytes` are skipped before being read;
 * other files in the folder are listed as skipped so nobody wonders why a `.xlsx` is not found.
 * With `options.known`, reports whose files did not change since the caller read them are not
 * read again (see {@link ScanOptions}).
 * Throws a {@link CorpusError} only when the directory itself cannot be read.
 */
export async function scanCorpus(config: CorpusConfig, options: ScanOptions = {}): Promise<CorpusScan> {
  const startedAt = Date.now();
  const root = config.seedsDir;
  const { files, unlisted } = await listFiles(root);
  const reader = createIsolatedReader({ ...DEFAULT_READ_LIMITS, ...options.readLimits });
  const ctx: ScanContext = { prefix: path.join(root, path.sep), present: new Set(files), config, known: options.known, startedAt, reader };
  // Every file is stat-ed first; only the reports whose stamp does not match are then read.
  const checked = await mapInSlices(files, (file) => checkFile(file, ctx));
  let read: FileOutcome[];
  try {
    read = await mapInFlight(
      checked.filter((c): c is Unread => c.kind === "unread"),
      IN_FLIGHT,
      (unread) => readChecked(unread, ctx),
    );
  } finally {
    reader.close();
  }

  const scan: CorpusScan = { reports: [], skipped: [...unlisted], warnings: [], reused: [], sources: new Map() };
  let nextRead = 0;
  for (const check of checked) {
    const outcome = check.kind === "unread" ? read[nextRead++]! : check;
    if (outcome.kind === "skipped") scan.skipped.push(outcome.skipped);
    else if (outcome.kind === "sidecar") scan.warnings!.push(...outcome.warnings);
    else {
      if (outcome.kind === "report") scan.reports.push(outcome.report);
      else scan.reused.push(outcome.id);
      scan.sources.set(outcome.id, outcome.source);
      if (outcome.source.warnings !== undefined) scan.warnings!.push(...outcome.source.warnings);
    }
  }
  return scan;
}

type FileOutcome =
  | { kind: "report"; id: string; report: Report; source: ReportSource }
  | { kind: "reused"; id: string; source: ReportSource }
  | { kind: "skipped"; skipped: SkippedFile }
  | { kind: "sidecar"; warnings: FileWarning[] };

/** A report file that passed its checks and must be read: its stamp did not match. */
interface Unread {
  kind: "unread";
  file: string;
  stats: Stats;
  /** The sidecar's relative path, when there is one. */
  sidecarFile: string | undefined;
  stamp: string | undefined;
}

interface ScanContext {
  /** The seeds directory with a trailing separator: relative paths are appended to it. */
  prefix: string;
  present: ReadonlySet<string>;
  config: CorpusConfig;
  known: ScanOptions["known"];
  startedAt: number;
  reader: IsolatedReader;
}

/**
 * One listed file, without reading it: a sidecar (with a warning when it has no report), a
 * skipped file, a report reused because its stamp matches, or a report to read.
 */
function checkFile(file: string, ctx: ScanContext): FileOutcome | Unread {
  if (SIDECAR_FILE.test(file)) {
    const stem = file.replace(SIDECAR_FILE, "");
    if (!EXTENSIONS.some((ext) => ctx.present.has(`${stem}${ext}`))) {
      return { kind: "sidecar", warnings: [{ file, reason: reason("corpus.sidecar_alone", { stem }) }] };
    }
    return { kind: "sidecar", warnings: [] };
  }
  if (!REPORT_FILE.test(file)) return { kind: "skipped", skipped: { file, reason: reason("corpus.not_report_file", { extensions: EXTENSIONS.join(" ") }) } };

  const info = statLimited(ctx.prefix + file, ctx.config.maxFileBytes);
  if (!info.ok) return { kind: "skipped", skipped: { file, reason: info.reason } };
  const sidecarFile = sidecarPathFor(file);
  const hasSidecar = ctx.present.has(sidecarFile);
  // A sidecar that cannot even be stat-ed gives no stamp: the report is read, and the reason reported, every time.
  const sidecarInfo = hasSidecar ? statOrUndefined(ctx.prefix + sidecarFile) : undefined;
  const stamp = hasSidecar && sidecarInfo === undefined ? undefined : reportStamp(info.stats, sidecarInfo, ctx.startedAt);

  const known = stamp === undefined ? undefined : ctx.known?.(file);
  if (known?.stamp !== undefined && known.stamp === stamp) {
    return { kind: "reused", id: file, source: known.warnings === undefined ? { stamp } : { stamp, warnings: known.warnings } };
  }
  return { kind: "unread", file, stats: info.stats, sidecarFile: hasSidecar ? sidecarFile : undefined, stamp };
}

/** Reads and cleans a report {@link checkFile} found to be new or changed. */
async function readChecked(unread: Unread, ctx: ScanContext): Promise<FileOutcome> {
  const { file, sidecarFile } = unread;
  const maxBytes = ctx.config.maxFileBytes;
  const bytes = await readLimited(ctx.prefix + file, maxBytes, unread.stats);
  if (!bytes.ok) return { kind: "skipped", skipped: { file, reason: bytes.reason } };
  const warnings: FileWarning[] = [];
  let stamp = unread.stamp;
  let sidecar: unknown;
  if (sidecarFile !== undefined) {
    const read = await readSidecar(ctx.prefix + sidecarFile, maxBytes);
    if (read.ok) sidecar = read.value;
    else {
      warnings.push({ file: sidecarFile, reason: reason("corpus.sidecar_ignored", { problem: read.reason }) });
      stamp = undefined; // unreadable now, perhaps readable after a chmod that leaves its time alone
    }
  }
  const text = await ctx.reader.read(bytes.data, file);
  if (!text.ok) return { kind: "skipped", skipped: { file, reason: text.reason } };
  const outcome = reportFromText(text.report, file, sidecar);
  if (!outcome.ok) return { kind: "skipped", skipped: outcome.skipped };
  warnings.push(...outcome.warnings);
  const source: ReportSource = {};
  if (stamp !== undefined) source.stamp = stamp;
  if (warnings.length > 0) source.warnings = warnings;
  return { kind: "report", id: file, report: outcome.report, source };
}

/**
 * Maps `items` through the synchronous `fn`, in order, letting the event loop run every
 * {@link SLICE_MS} so a long pass does not stall timers and I/O of the same process.
 */
async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    out.push(fn(item));
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return out;
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
async function listFiles(root: string): Promise<{ files: string[]; unlisted: SkippedFile[] }> {
  try {
    if (!(await stat(root)).isDirectory()) throw new CorpusError(root, "is not a directory");
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(root, `cannot be read (${describe(error)})`, { cause: error });
  }
  const out: string[] = [];
  const unlisted: SkippedFile[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (rel === "") throw new CorpusError(root, `cannot be read (${describe(error)})`, { cause: error });
      // A folder that cannot be listed is skipped like an unreadable file, the rest is read.
      unlisted.push({ file: `${rel}/`, reason: reason("corpus.unreadable_folder", { error: describe(error) }) });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else out.push(relPath); // files, links and anything else: readLimited says what is wrong with them
    }
  };
  await walk(root, "");
  return { files: out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), unlisted };
}

type Read = { ok: true; data: Uint8Array } | { ok: false; reason: Reason };

/** The file's stats, or why it cannot be a report: unreadable, not a regular file, or over the size limit. */
function statLimited(file: string, maxBytes: number): { ok: true; stats: Stats } | { ok: false; reason: Reason } {
  try {
    const info = statSync(file);
    if (!info.isFile()) {
      const link = lstatSync(file).isSymbolicLink();
      return { ok: false, reason: reason(link ? "corpus.link_to_folder" : "corpus.not_regular_file") };
    }
    if (info.size > maxBytes) {
      return { ok: false, reason: reason("corpus.too_large", { size: info.size, limit: maxBytes }) };
    }
    return { ok: true, stats: info };
  } catch (error) {
    return { ok: false, reason: reason("corpus.unreadable", { error: describe(error) }) };
  }
}

/** The file's stats, or `undefined` when it cannot be stat-ed. */
function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The file's bytes, or why not (checked with {@link statLimited} first unless its stats are given). */
async function readLimited(file: string, maxBytes: number, checked?: Stats): Promise<Read> {
  if (checked === undefined) {
    const info = statLimited(file, maxBytes);
    if (!info.ok) return info;
  }
  try {
    return { ok: true, data: await readFile(file) };
  } catch (error) {
    return { ok: false, reason: reason("corpus.unreadable", { error: describe(error) }) };
  }
}

/** A sidecar's parsed JSON, or why it could not be read or parsed. */
async function readSidecar(file: string, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; reason: Reason }> {
  const bytes = await readLimited(file, maxBytes);
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.data);
  } catch {
    return { ok: false, reason: reason("corpus.sidecar_not_utf8") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: reason("corpus.sidecar_not_json", { error: describe(error) }) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${error.message.replace(/^[A-Z]+: /, "").split(",")[0]}` : error.message;
  }
  return String(error);
}
