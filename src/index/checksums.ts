import { close, open, read } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { crc32 } from "node:zlib";

/*
 * Every file of a generation has its checksum in the manifest, and the manifest one of its own,
 * so that a damaged byte anywhere is caught before a native reader (hnswlib) or a decoder sees
 * it, instead of crashing the process or serving wrong passages. CRC-32 (zlib's, ~1 GB/s)
 * because the threat is accidental damage (disk, copy, truncation), not a forger: the whole
 * generation is read once more at load, which the page cache makes cheap (see
 * docs/measurements/2026-12-02-faults.md for the cost at 100k passages).
 */

const PREFIX = "crc32:";
/** Bytes read per step: large enough for few syscalls, small enough to keep the event loop moving. */
const CHUNK = 1 << 22;

const openFile = promisify(open);
const closeFile = promisify(close);
const readAt = promisify(read);

/** The checksum of a file's bytes, read in chunks (awaiting between them, so other work runs meanwhile). */
export async function fileChecksum(file: string): Promise<string> {
  const fd = await openFile(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let crc = 0;
    for (let at = 0; ; ) {
      const { bytesRead } = await readAt(fd, chunk, 0, CHUNK, at);
      if (bytesRead === 0) break;
      crc = crc32(chunk.subarray(0, bytesRead), crc);
      at += bytesRead;
    }
    return format(crc);
  } finally {
    await closeFile(fd).catch(() => undefined);
  }
}

/** The checksums of the named files of a directory, by name; `known` ones are taken as given (files shared with a verified generation). */
export async function fileChecksums(dir: string, names: readonly string[], known: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const name of names) sums[name] = known[name] ?? (await fileChecksum(path.join(dir, name)));
  return sums;
}

/** The first file whose checksum differs from `expected` (or that cannot be read), with why; `undefined` when all match. */
export async function firstMismatch(dir: string, expected: Readonly<Record<string, string>>): Promise<string | undefined> {
  for (const [name, sum] of Object.entries(expected)) {
    const actual = await fileChecksum(path.join(dir, name)).catch((error: NodeJS.ErrnoException) => `unreadable (${error.code ?? error.message})`);
    if (actual !== sum) return `${name} does not match its checksum (${actual}, the manifest says ${sum})`;
  }
  return undefined;
}

/** The manifest's field that holds the checksum of the manifest's own text. */
export const MANIFEST_CHECKSUM_FIELD = "checksum";

/**
 * A manifest's text with its own checksum as the last field: the checksum of the text the same
 * object serialises to without that field, so a reader re-serialises what it parsed to check it.
 */
export function sealedJson(manifest: object): string {
  const body = serialise(manifest);
  return serialise({ ...manifest, [MANIFEST_CHECKSUM_FIELD]: format(crc32(body)) });
}

/**
 * Parses a sealed manifest's text and checks its checksum. Returns the parsed object (still to be
 * validated), and whether it carried a checksum at all (manifests written before they did not).
 * Throws an Error when the text is not JSON or the checksum does not match.
 */
export function openSealedJson(text: string): { value: Record<string, unknown>; sealed: boolean } {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
  const { [MANIFEST_CHECKSUM_FIELD]: sum, ...rest } = value as Record<string, unknown>;
  if (sum === undefined) return { value: rest, sealed: false };
  if (sum !== format(crc32(serialise(rest)))) throw new Error("its checksum does not match its text (altered)");
  return { value: rest, sealed: true };
}

const serialise = (value: object) => JSON.stringify(value, null, 1);
const format = (crc: number) => `${PREFIX}${(crc >>> 0).toString(16).padStart(8, "0")}`;
