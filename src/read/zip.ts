/**
 * A zip archive (docx, odt) opened with caps, before any library sees it. The central directory
 * is read here, and every entry is inflated here with a cap on its output, so a zip bomb (a few
 * KB that inflate to gigabytes, or that declare small sizes and inflate to more) is refused with
 * a reason instead of exhausting memory in the parser.
 */
import { inflateRawSync } from "node:zlib";
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";

/** The entries of a zip that passed the caps, inflated, by name. */
export type ZipEntries = Map<string, Uint8Array>;

/** What may be inflated from one archive. */
export interface ZipCaps {
  maxEntries: number;
  maxTotalBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The entries of the archive in `bytes` that `wanted` selects (default: all), inflated, or why it
 * is refused. The parts a parser will read are the ones to select: an office parser reads the XML
 * parts, not the images, so images are neither inflated here nor counted against the cap.
 */
export function openZip(bytes: Uint8Array, caps: ZipCaps, wanted: (name: string) => boolean = () => true): { ok: true; entries: ZipEntries } | { ok: false; reason: Reason } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return { ok: false, reason: reason("read.zip_no_directory") };
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: reason("read.zip_zip64") };
  if (count > caps.maxEntries) return { ok: false, reason: reason("read.zip_too_many_entries", { entries: count, limit: caps.maxEntries }) };
  if (dirOffset + dirSize > bytes.length) return { ok: false, reason: reason("read.zip_directory_outside") };

  const headers: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
  let declared = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return { ok: false, reason: reason("read.zip_bad_directory_entry") };
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (wanted(name)) {
      headers.push({ name, method, compressed, size, local });
      declared += size;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (declared > caps.maxTotalBytes) return { ok: false, reason: bombReason(declared, caps) };

  const entries: ZipEntries = new Map();
  let inflated = 0;
  for (const h of headers) {
    if (h.name.endsWith("/")) continue;
    if (h.local + 30 > bytes.length || view.getUint32(h.local, true) !== LOCAL) return { ok: false, reason: reason("read.zip_damaged_entry", { entry: h.name }) };
    const start = h.local + 30 + view.getUint16(h.local + 26, true) + view.getUint16(h.local + 28, true);
    const data = bytes.subarray(start, start + h.compressed);
    const room = caps.maxTotalBytes - inflated;
    let out: Uint8Array;
    if (h.method === 0) out = data;
    else if (h.method === 8) {
      try {
        // Declared sizes can lie: the cap is on what inflating really yields.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, room) });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ERR_BUFFER_TOO_LARGE" || /buffer|too large|maxOutputLength/i.test((error as Error).message)) return { ok: false, reason: bombReason(undefined, caps) };
        return { ok: false, reason: reason("read.zip_entry_not_inflating", { entry: h.name }) };
      }
    } else return { ok: false, reason: reason("read.zip_method", { entry: h.name, method: h.method }) };
    inflated += out.length;
    if (inflated > caps.maxTotalBytes) return { ok: false, reason: bombReason(inflated, caps) };
    entries.set(h.name, out);
  }
  return { ok: true, entries };
}

/** `bytes`: what the archive declares or was seen to unpack to; `undefined` when inflating hit the cap. */
function bombReason(bytes: number | undefined, caps: ZipCaps): Reason {
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const limit = mb(caps.maxTotalBytes);
  return bytes === undefined ? reason("read.zip_bomb_over", { limit }) : reason("read.zip_bomb", { mb: mb(bytes), limit });
}

/** The end-of-central-directory record: within the last 64 KB + 22 bytes (a comment may follow it). */
function findEndOfCentralDirectory(view: DataView): number {
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return -1;
}
