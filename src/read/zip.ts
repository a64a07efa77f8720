/**
 * A zip archive (docx, odt) opened with caps, before any library sees it. The central directory
 * is read here, and every entry is inflated here with a cap on its output, so a zip bomb (a few
 * KB that inflate to gigabytes, or that declare small sizes and inflate to more) is refused with
 * a reason instead of exhausting memory in the parser.
 */
import { inflateRawSync } from "node:zlib";

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
export function openZip(bytes: Uint8Array, caps: ZipCaps, wanted: (name: string) => boolean = () => true): { ok: true; entries: ZipEntries } | { ok: false; reason: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return { ok: false, reason: "not a valid zip archive (no central directory)" };
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: "a ZIP64 archive (not expected for an office document)" };
  if (count > caps.maxEntries) return { ok: false, reason: `the archive has ${count} entries (the limit is ${caps.maxEntries}): refused as a possible zip bomb` };
  if (dirOffset + dirSize > bytes.length) return { ok: false, reason: "a damaged zip archive (its central directory lies outside the file)" };

  const headers: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
  let declared = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return { ok: false, reason: "a damaged zip archive (bad central directory entry)" };
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
    if (h.local + 30 > bytes.length || view.getUint32(h.local, true) !== LOCAL) return { ok: false, reason: `a damaged zip archive (entry ${h.name})` };
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
        return { ok: false, reason: `a damaged zip archive (entry ${h.name} does not inflate)` };
      }
    } else return { ok: false, reason: `entry ${h.name} uses zip compression method ${h.method}, which office documents do not use` };
    inflated += out.length;
    if (inflated > caps.maxTotalBytes) return { ok: false, reason: bombReason(inflated, caps) };
    entries.set(h.name, out);
  }
  return { ok: true, entries };
}

/** `bytes`: what the archive declares or was seen to unpack to; `undefined` when inflating hit the cap. */
function bombReason(bytes: number | undefined, caps: ZipCaps): string {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  const size = bytes === undefined ? `more than ${mb(caps.maxTotalBytes)}` : mb(bytes);
  return `it unpacks to ${size} (the limit is ${mb(caps.maxTotalBytes)}): refused as a possible zip bomb`;
}

/** The end-of-central-directory record: within the last 64 KB + 22 bytes (a comment may follow it). */
function findEndOfCentralDirectory(view: DataView): number {
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return -1;
}
