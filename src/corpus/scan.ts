/**
 * The seeds directory → reports. Every `.txt` and `.md` file below it is read (dotfiles and
 * dot-directories are not: `.git`, editor backups); each either becomes a report or is skipped
 * with a one-line reason, and one bad file never stops the scan.
 */
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { CorpusConfig } from "../config.ts";
import { CorpusError } from "./errors.ts";
import { readReport } from "./report.ts";
import { sidecarPathFor } from "./sidecar.ts";
import type { CorpusScan, Report, SkippedFile } from "./types.ts";

const REPORT_FILE = /\.(?:txt|md)$/i;
const SIDECAR_FILE = /\.meta\.json$/i;

/**
 * Reads every report under `config.seedsDir`, in path order (so ids, passages and the index come
 * out the same on every run). Files over `config.maxFileBytes` are skipped before being read;
 * other files in the folder are listed as skipped so nobody wonders why a `.pdf` is not found.
 * Throws a {@link CorpusError} only when the directory itself cannot be read.
 */
export async function scanCorpus(config: CorpusConfig): Promise<CorpusScan> {
  const root = config.seedsDir;
  const files = await listFiles(root);
  const present = new Set(files);
  const reports: Report[] = [];
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];

  for (const file of files) {
    if (SIDECAR_FILE.test(file)) {
      const stem = file.replace(SIDECAR_FILE, "");
      if (!present.has(`${stem}.txt`) && !present.has(`${stem}.md`)) warnings.push(`${file}: no report ${stem}.txt or ${stem}.md next to this sidecar; it is not used`);
      continue;
    }
    if (!REPORT_FILE.test(file)) {
      skipped.push({ file, reason: `not a report file (only .txt and .md are read)` });
      continue;
    }
    const bytes = await readLimited(path.join(root, file), config.maxFileBytes);
    if (!bytes.ok) {
      skipped.push({ file, reason: bytes.reason });
      continue;
    }
    const sidecarFile = sidecarPathFor(file);
    let sidecar: unknown;
    if (present.has(sidecarFile)) {
      const read = await readSidecar(path.join(root, sidecarFile), config.maxFileBytes);
      if (read.ok) sidecar = read.value;
      else warnings.push(`${sidecarFile}: ignored (${read.reason}); the metadata found in the text is used`);
    }
    const outcome = readReport(bytes.data, file, sidecar);
    if (outcome.ok) {
      reports.push(outcome.report);
      warnings.push(...outcome.warnings);
    } else skipped.push(outcome.skipped);
  }
  return { reports, skipped, warnings };
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

/** The file's bytes, or why not: unreadable, not a regular file, or over the size limit (checked before reading). */
async function readLimited(file: string, maxBytes: number): Promise<Read> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      const link = (await lstat(file)).isSymbolicLink();
      return { ok: false, reason: link ? "symbolic link to a directory (not followed)" : "not a regular file" };
    }
    if (info.size > maxBytes) {
      return { ok: false, reason: `too large (${info.size} bytes; the limit is ${maxBytes} bytes, set by MAX_FILE_BYTES)` };
    }
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
