/**
 * A model you can carry: the files the bot loads, fetched as the bot fetches them, in one tar
 * archive with a checksum list, and installed from it into the model cache on a machine without
 * internet.
 *
 * The archive holds `SHA256SUMS` first (the `sha256sum` format: "<hex>  <path>"), then each file at
 * its path in the cache (`Xenova/multilingual-e5-small/onnx/model_quantized.onnx`), so it can also
 * be installed by hand: `tar -xf model.tar -C embeddings/models && (cd embeddings/models && sha256sum -c SHA256SUMS)`.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { EmbeddingConfig } from "../config.ts";
import { FixableError } from "../errors.ts";
import { openModel } from "./embedder.ts";
import { requiredFiles, resolveModelSource } from "./model-source.ts";
import { listTar, readTarEntry, writeTar, type TarEntry } from "./tar.ts";

/** The checksum list's name in a pack. */
export const CHECKSUMS = "SHA256SUMS";

/** A file of a pack: its path in the archive (= in the cache) and what it must hash to. */
export interface PackedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A pack that cannot be written or installed, with what is wrong; nothing was installed. */
export class ModelPackError extends FixableError {}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** The checksum list's text. */
const checksumList = (files: readonly PackedFile[]) => files.map((f) => `${f.sha256}  ${f.path}\n`).join("");

/** The hub id's path in the cache, checked: two plain segments, so the pack's paths stay inside the cache. */
function hubPath(model: string): string {
  const segments = model.split("/");
  if (segments.length !== 2 || segments.some((s) => s === "" || s === "." || s === ".." || /[\\:]/.test(s))) {
    throw new ModelPackError(`EMBEDDING_MODEL "${model}" is not a Hugging Face model id (owner/name), so there is nothing to fetch; copy the directory itself instead`);
  }
  return model;
}

/**
 * Loads the configured model as the bot does (from the cache, downloading what is missing unless
 * offline), which also proves it runs, then writes its files to `archive`. Returns the files packed.
 */
export async function packModel(config: EmbeddingConfig, archive: string): Promise<PackedFile[]> {
  const source = resolveModelSource(config);
  if (source.kind === "local") throw new ModelPackError(`EMBEDDING_MODEL is the local directory ${source.dir}: copy that directory instead of packing it`);
  const root = hubPath(config.model);
  const { extractor } = await openModel(config);
  await extractor.dispose();

  const files: PackedFile[] = [];
  for (const file of requiredFiles(source.onnxFile)) {
    const onDisk = path.join(source.dir, file);
    files.push({ path: `${root}/${file}`, bytes: (await stat(onDisk)).size, sha256: await sha256File(onDisk) });
  }
  // Written beside the target and renamed: an interrupted pack never looks like a complete one.
  const partial = `${archive}.partial-${process.pid}`;
  try {
    await writeTar(partial, [
      { name: CHECKSUMS, bytes: Buffer.from(checksumList(files)) },
      ...files.map((f) => ({ name: f.path, file: path.join(config.cacheDir, f.path) })),
    ]);
    await rename(partial, archive);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return files;
}

/** A path from a checksum list, if it is a plain relative path that stays inside the cache. */
function safePath(p: string): boolean {
  if (p === "" || p.startsWith("/") || p.includes("\\") || /^[A-Za-z]:/.test(p)) return false;
  return p.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

function parseChecksums(text: string, archive: string): PackedFile[] {
  const files: PackedFile[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m === null || !safePath(m[2]!)) throw new ModelPackError(`${archive}: line ${i + 1} of ${CHECKSUMS} is not "<sha256>  <relative path>": ${line.slice(0, 120)}`);
    files.push({ sha256: m[1]!, path: m[2]!, bytes: -1 });
  }
  if (files.length === 0) throw new ModelPackError(`${archive}: ${CHECKSUMS} lists no files`);
  return files;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What {@link unpackModel} installed. */
export interface UnpackResult {
  /** The model's hub id (the directory holding config.json), as EMBEDDING_MODEL should name it. */
  model: string;
  files: PackedFile[];
}

/**
 * Installs the pack `archive` into `cacheDir`: every file listed in its checksum list is copied
 * out and checked, into a scratch directory first; only when all match are they moved into place.
 * A missing, extra or damaged file stops the install with its name, and nothing changes in the cache.
 */
export async function unpackModel(archive: string, cacheDir: string): Promise<UnpackResult> {
  let entries: (TarEntry & { type: string })[];
  try {
    entries = await listTar(archive);
  } catch (error) {
    throw new ModelPackError(`${archive} cannot be read as a model pack: ${(error as Error).message}`, { cause: error });
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const sums = byName.get(CHECKSUMS);
  if (sums === undefined) throw new ModelPackError(`${archive} holds no ${CHECKSUMS}: it is not a model pack written by \`npm run model -- pack\``);
  const files = parseChecksums(await readAll(readTarEntry(archive, sums)), archive);
  const listed = new Set(files.map((f) => f.path));
  for (const e of entries) {
    if (e.name === CHECKSUMS || e.type === "5") continue; // directories, as `tar -c` of a folder writes them
    if (!listed.has(e.name)) throw new ModelPackError(`${archive} holds ${e.name}, which ${CHECKSUMS} does not list`);
    if (e.type !== "0") throw new ModelPackError(`${archive}: ${e.name} is not a regular file`);
  }
  const config = files.find((f) => path.posix.basename(f.path) === "config.json");
  if (config === undefined) throw new ModelPackError(`${archive} holds no config.json: it is not a model`);

  const scratch = path.join(cacheDir, `.unpack-${randomBytes(6).toString("hex")}`);
  try {
    for (const file of files) {
      const entry = byName.get(file.path);
      if (entry === undefined) throw new ModelPackError(`${archive} lacks ${file.path}, which ${CHECKSUMS} lists (an incomplete pack)`);
      const target = path.join(scratch, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      const hash = createHash("sha256");
      const source = entry.size === 0 ? Readable.from([]) : readTarEntry(archive, entry);
      source.on("data", (chunk: Buffer) => hash.update(chunk));
      await pipeline(source, createWriteStream(target));
      const actual = hash.digest("hex");
      if (actual !== file.sha256) throw new ModelPackError(`${archive}: ${file.path} is damaged (sha256 ${actual}, ${CHECKSUMS} says ${file.sha256}); nothing was installed`);
      file.bytes = entry.size;
    }
    for (const file of files) {
      const target = path.join(cacheDir, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(scratch, file.path), target);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { model: path.posix.dirname(config.path), files };
}
