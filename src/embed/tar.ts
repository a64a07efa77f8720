/**
 * A plain POSIX ustar archive of regular files: what a model pack is (model-pack.ts). Written here
 * rather than with a tar library because the archives are ours: a handful of regular files, names
 * under 100 bytes, each checked against the pack's checksum list on the way out, so the subset
 * this needs is small and a reader of arbitrary archives (links, long names, sparse files)
 * would only add what must then be refused. The result is a standard tar: `tar -tf` lists it and
 * `tar -xf` extracts it, so a pack can be inspected or installed by hand.
 *
 * Members are read at their offsets in the file (no whole-file buffering), so a 470 MB model
 * costs no more memory than a 20 KB one.
 */
import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

const BLOCK = 512;

/** One member: its name in the archive and where its bytes lie in the archive file. */
export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the member's content in the archive file. */
  offset: number;
}

/** A member to write: its name and where its content comes from (a file on disk, or bytes). */
export type TarSource = { name: string; file: string } | { name: string; bytes: Uint8Array };

/** A ustar header block for a regular file (mode 0644, no owner, mtime 0: packs of the same files are identical). */
function header(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  if (nameBytes.length > 100) throw new Error(`tar: member name longer than 100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  const octal = (value: number, at: number, width: number) => h.write(value.toString(8).padStart(width - 1, "0") + "\0", at, width, "ascii");
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12); // 11 octal digits: up to 8 GiB, far above any model file
  octal(0, 136, 12);
  h.write("        ", 148, 8, "ascii"); // checksum field counts as spaces while summing
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return h;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Writes `sources` to `file` as a tar archive, streaming file contents. */
export async function writeTar(file: string, sources: readonly TarSource[]): Promise<void> {
  const out = await open(file, "w");
  try {
    for (const source of sources) {
      if ("bytes" in source) {
        await out.write(header(source.name, source.bytes.length));
        await out.write(source.bytes);
        await out.write(Buffer.alloc(padding(source.bytes.length)));
        continue;
      }
      const input = await open(source.file, "r");
      try {
        const { size } = await input.stat();
        await out.write(header(source.name, size));
        let copied = 0;
        for await (const chunk of input.createReadStream({ autoClose: false })) {
          await out.write(chunk as Buffer);
          copied += (chunk as Buffer).length;
        }
        if (copied !== size) throw new Error(`tar: ${source.file} changed size while being archived`);
        await out.write(Buffer.alloc(padding(size)));
      } finally {
        await input.close();
      }
    }
    await out.write(Buffer.alloc(2 * BLOCK));
  } finally {
    await out.close();
  }
}

/** Parses the header at `offset`; `undefined` at the end-of-archive (zero) block. */
async function readHeader(handle: FileHandle, offset: number, archive: string): Promise<{ name: string; size: number; type: string } | undefined> {
  const h = Buffer.alloc(BLOCK);
  const { bytesRead } = await handle.read(h, 0, BLOCK, offset);
  if (bytesRead === 0) return undefined; // some writers omit the trailing zero blocks
  if (bytesRead < BLOCK) throw new Error(`${archive} is not a complete tar archive (it ends inside a header)`);
  if (h.every((b) => b === 0)) return undefined;
  const field = (at: number, width: number) => h.subarray(at, at + width).toString("utf8").replace(/\0.*$/s, "");
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  const stored = Number.parseInt(field(148, 8).trim(), 8);
  if (stored !== sum) throw new Error(`${archive} is not a tar archive (bad header checksum at byte ${offset})`);
  const prefix = field(345, 155);
  const name = (prefix === "" ? "" : `${prefix}/`) + field(0, 100);
  return { name, size: Number.parseInt(field(124, 12).trim() || "0", 8), type: field(156, 1) || "0" };
}

/** The regular-file members of the archive `file`, in order (directories and other types are listed as such by `type`). */
export async function listTar(file: string): Promise<(TarEntry & { type: string })[]> {
  const handle = await open(file, "r");
  try {
    const { size: total } = await handle.stat();
    const entries: (TarEntry & { type: string })[] = [];
    let offset = 0;
    for (;;) {
      const h = await readHeader(handle, offset, file);
      if (h === undefined) break;
      const start = offset + BLOCK;
      if (start + h.size > total) throw new Error(`${file} is truncated: member ${h.name} needs ${h.size} bytes, the file ends first`);
      entries.push({ name: h.name, size: h.size, offset: start, type: h.type });
      offset = start + h.size + padding(h.size);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** A stream of one member's content. */
export function readTarEntry(file: string, entry: TarEntry): NodeJS.ReadableStream {
  return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 });
}
