import { close, fstat, open, read } from "node:fs";
import { promisify } from "node:util";
import { crc32 } from "node:zlib";
import { readTexts, textsInFile, textsInMemory } from "./passage-texts.ts";
import type { PassageTexts } from "./passage-texts.ts";
import type { DocumentEntry, IndexedPassage } from "./types.ts";

/*
 * The passages of one index generation as one binary file: one typed-array column per field,
 * indexed by HNSW label, and all texts as one UTF-8 block. The columns are read into memory and
 * used in place (nothing is parsed per passage); the texts stay in the file and a passage's text
 * is read with a positional read when its passage object is made, which a search does for ~100
 * labels. At 100k passages the JSON file this replaced took 2 s and ~360 MB to load as objects,
 * and keeping the text block in memory cost another ~100 MB of resident memory.
 *
 * Layout (little-endian, every column 4-byte aligned):
 *   header   magic "HPS1", format version, labels L, documents D, text bytes T, crc32 of the rest
 *   doc      Int32[L]   number of the passage's report in the manifest's `documents`, −1 = free label
 *   ordinal, start, end, paragraphStart, paragraphEnd   Uint32[L] each
 *   textEnd  Uint32[L]  end of the label's text in `texts` (it starts where the previous label's ends)
 *   texts    T bytes of UTF-8
 * A passage id is not stored: it is `${contentHash.slice(0, 16)}:${ordinal}` (see corpus/chunk.ts),
 * so it follows from the report and the ordinal; the writer checks that every id does.
 */

const MAGIC = 0x31535048; // "HPS1"
const FORMAT = 1;
const HEADER_BYTES = 24;
const COLUMNS = 7;
const FREE = -1;

/** A passage store: columns by label in memory (views into one buffer), texts where `texts` reads them. */
export interface PassageStore {
  /** The manifest's documents, in the order the `doc` column numbers them. */
  readonly documents: readonly DocumentEntry[];
  readonly doc: Int32Array;
  readonly ordinal: Uint32Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly paragraphStart: Uint32Array;
  readonly paragraphEnd: Uint32Array;
  readonly textEnd: Uint32Array;
  /** The UTF-8 text block (in the file for a store read from one; close the store to release it). */
  readonly texts: PassageTexts;
  /** Labels sorted by document, then ordinal: the passages of document d are `byDocument[docStart[d] ..]`. */
  readonly byDocument: Uint32Array;
  readonly docStart: Uint32Array;
  /** Document number by the first 16 hex digits of its content hash (the id's prefix). */
  readonly docByKey: ReadonlyMap<string, number>;
  /** Labels in use (not freed). */
  readonly live: number;
}

/**
 * One label of a store being written: a new passage, or `{ from }`, the label of the same passage
 * in the previous store, whose text is then copied byte for byte instead of decoded and encoded.
 */
export type PassageRow = IndexedPassage | { from: number };

/** A passage's id, as corpus/chunk.ts makes it. */
export function passageId(contentHash: string, ordinal: number): string {
  return `${contentHash.slice(0, 16)}:${ordinal}`;
}

/**
 * Encodes the passages of a new generation. `rows[label]` is the passage at that label (undefined
 * for a free label); `documents` is the new manifest's list, which every passage's report must be
 * in. Rows given as `{ from }` are read from `previous`.
 */
export function encodePassageStore(rows: ReadonlyArray<PassageRow | undefined>, documents: readonly DocumentEntry[], previous?: PassageStore): Buffer {
  const labels = rows.length;
  const docNumber = new Map(documents.map((d, i) => [d.id, i]));
  // The previous store numbers documents in its own manifest's order.
  const renumber = new Int32Array(previous?.documents.length ?? 0).fill(FREE);
  previous?.documents.forEach((d, i) => (renumber[i] = docNumber.get(d.id) ?? FREE));

  let textBytes = 0;
  const newTexts: (Buffer | undefined)[] = new Array(labels);
  for (let label = 0; label < labels; label++) {
    const row = rows[label];
    if (row === undefined) continue;
    if ("from" in row) {
      if (previous === undefined) throw new Error(`passage store: label ${label} is carried over but there is no previous store`);
      textBytes += textEndOf(previous, row.from) - textStartOf(previous, row.from);
    } else {
      const encoded = Buffer.from(row.text, "utf8");
      newTexts[label] = encoded;
      textBytes += encoded.length;
    }
  }
  if (textBytes > 0xffffffff) throw new Error(`passage store: ${textBytes} bytes of text do not fit a 32-bit offset`);

  const columnsBytes = 4 * COLUMNS * labels;
  const out = Buffer.allocUnsafeSlow(HEADER_BYTES + columnsBytes + textBytes);
  const column = (i: number) => new Uint32Array(out.buffer, out.byteOffset + HEADER_BYTES + 4 * i * labels, labels);
  const doc = new Int32Array(out.buffer, out.byteOffset + HEADER_BYTES, labels);
  const [ordinal, start, end, paragraphStart, paragraphEnd, textEnd] = [1, 2, 3, 4, 5, 6].map(column) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const textsAt = HEADER_BYTES + columnsBytes;
  let at = 0;
  // Carried-over texts are copied in runs: labels kept in place are contiguous in both stores, so
  // an incremental build copies a handful of large blocks rather than one block per passage.
  let runFrom = 0;
  let runTo = 0;
  const flush = () => {
    // One positional read per run, straight into the new file's buffer.
    if (runTo > runFrom) previous!.texts.readInto(out, textsAt + at - (runTo - runFrom), runFrom, runTo);
    runFrom = runTo = 0;
  };
  for (let label = 0; label < labels; label++) {
    const row = rows[label];
    if (row === undefined) {
      doc[label] = FREE;
      ordinal[label] = start[label] = end[label] = paragraphStart[label] = paragraphEnd[label] = 0;
    } else if ("from" in row) {
      const p = previous!;
      const from = row.from;
      const d = p.doc[from];
      if (d === undefined || d === FREE) throw new Error(`passage store: label ${from} of the previous store is free`);
      const number = renumber[d]!;
      if (number === FREE) throw new Error(`passage store: report ${p.documents[d]!.id} is not in the new manifest`);
      doc[label] = number;
      ordinal[label] = p.ordinal[from]!;
      start[label] = p.start[from]!;
      end[label] = p.end[from]!;
      paragraphStart[label] = p.paragraphStart[from]!;
      paragraphEnd[label] = p.paragraphEnd[from]!;
      const a = textStartOf(p, from);
      const b = textEndOf(p, from);
      if (a !== runTo) {
        flush();
        runFrom = a;
      }
      runTo = b;
      at += b - a;
    } else {
      const number = docNumber.get(row.docId);
      if (number === undefined) throw new Error(`passage store: report ${row.docId} of passage ${row.id} is not in the manifest`);
      if (row.id !== passageId(documents[number]!.contentHash, row.ordinal)) {
        throw new Error(`passage store: passage id ${row.id} is not made from its report's content hash and ordinal`);
      }
      doc[label] = number;
      ordinal[label] = row.ordinal;
      start[label] = row.start;
      end[label] = row.end;
      paragraphStart[label] = row.paragraphStart;
      paragraphEnd[label] = row.paragraphEnd;
      flush();
      const encoded = newTexts[label]!;
      out.set(encoded, textsAt + at);
      at += encoded.length;
    }
    textEnd[label] = at;
  }
  flush();
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT, 4);
  out.writeUInt32LE(labels, 8);
  out.writeUInt32LE(documents.length, 12);
  out.writeUInt32LE(textBytes, 16);
  out.writeUInt32LE(crc32(out.subarray(HEADER_BYTES)), 20);
  return out;
}

/**
 * Makes a store of an encoded buffer held in memory (texts included), without copying it: checks
 * the header, the sizes, the checksum and that every report's passages are all there, and builds
 * the label-by-report table. Throws an Error saying what is wrong with a damaged buffer.
 * `verifyChecksum: false` skips the one check that reads every byte, for a buffer just encoded.
 */
export function openPassageStore(bytes: Uint8Array, documents: readonly DocumentEntry[], verifyChecksum = true): PassageStore {
  if (bytes.length < HEADER_BYTES) throw new Error(`${bytes.length} bytes is shorter than the header`);
  // Typed-array views need 4-byte alignment; a buffer from readFile is, a slice of one may not be.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const header = readHeader(buf, buf.length, documents);
  if (verifyChecksum && crc32(buf.subarray(HEADER_BYTES)) !== header.crc) throw new Error(CHECKSUM_MISMATCH);
  const columns = buf.subarray(HEADER_BYTES, header.textsAt);
  return assembleStore(columns, header, documents, textsInMemory(buf.subarray(header.textsAt)));
}

/**
 * Opens the store in `file`: reads the header and the columns into memory and keeps the file open
 * for the texts, which are read on demand (see passage-texts.ts). Close it with
 * {@link closePassageStore}. Throws an Error saying what is wrong with a damaged file.
 *
 * What is verified here: the header, the sizes and every column's consistency as
 * {@link openPassageStore} does, and — unless `verifyChecksum` is false, for a file just written
 * from a verified buffer — the file's checksum. The format has one checksum over columns and texts
 * together, so checking it means reading the text block once; that is done here, streamed through
 * a small buffer (so the texts never become resident), because it is the only moment a damaged
 * text can be told from a good one: the file has no per-text checksum, and changing the format to
 * add one would make every existing index be rebuilt (re-embedded). A generation's files are never
 * rewritten once in force, so a file verified on load stays good; a file truncated afterwards
 * is caught by the positional reads (an IndexError), not served as garbage.
 */
export async function readPassageStore(file: string, documents: readonly DocumentEntry[], verifyChecksum = true): Promise<PassageStore> {
  const fd = await openFile(file, "r");
  let texts: PassageTexts | undefined;
  try {
    const size = (await fstatFile(fd)).size;
    const head = Buffer.alloc(HEADER_BYTES);
    if ((await readFully(fd, head, 0)) < HEADER_BYTES) throw new Error(`${size} bytes is shorter than the header`);
    const header = readHeader(head, size, documents);
    // A buffer of its own, so the columns are 4-byte aligned and nothing else is kept alive.
    const columns = Buffer.allocUnsafeSlow(header.textsAt - HEADER_BYTES);
    if ((await readFully(fd, columns, HEADER_BYTES)) < columns.length) throw new Error(TRUNCATED);
    if (verifyChecksum && (await checksumFrom(fd, crc32(columns), header.textsAt, size)) !== header.crc) throw new Error(CHECKSUM_MISMATCH);
    texts = textsInFile(fd, file, header.textsAt, header.textBytes);
    return assembleStore(columns, header, documents, texts);
  } catch (error) {
    // Once `texts` owns the descriptor it must be the one to close it (and leave the backstop).
    if (texts !== undefined) texts.close();
    else await closeFile(fd).catch(() => undefined);
    throw error;
  }
}

/** Releases the store's file (idempotent). Passage objects already made keep their texts. */
export function closePassageStore(store: PassageStore): void {
  store.texts.close();
}

const openFile = promisify(open);
const closeFile = promisify(close);
const fstatFile = promisify(fstat);
const readAt = promisify(read);

const CHECKSUM_MISMATCH = "checksum mismatch (the file was altered)";
const TRUNCATED = "the file is shorter than its header says (truncated or overwritten)";
/** Reads per checksum step: large enough for few syscalls, small enough to stay out of the way. */
const CHECK_CHUNK = 1 << 20;

/** Fills `target` from `position` on; returns how many bytes there were (fewer at the end of the file). */
async function readFully(fd: number, target: Uint8Array, position: number): Promise<number> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await readAt(fd, target, done, target.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** The crc32 continued from `crc` over bytes `from .. to` of the file, read in chunks. */
async function checksumFrom(fd: number, crc: number, from: number, to: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(Math.min(CHECK_CHUNK, to - from));
  for (let at = from; at < to; at += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, to - at));
    if ((await readFully(fd, part, at)) < part.length) throw new Error(TRUNCATED);
    crc = crc32(part, crc);
  }
  return crc;
}

interface Header {
  labels: number;
  textBytes: number;
  crc: number;
  /** Where the text block starts (the end of the columns). */
  textsAt: number;
}

/** Checks the header against the file's size and the manifest's documents. */
function readHeader(bytes: Uint8Array, fileSize: number, documents: readonly DocumentEntry[]): Header {
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new Error("not a passage store (wrong magic number)");
  const format = header.getUint32(4, true);
  if (format !== FORMAT) throw new Error(`passage store format ${format}, this version reads ${FORMAT}`);
  const labels = header.getUint32(8, true);
  const documentCount = header.getUint32(12, true);
  const textBytes = header.getUint32(16, true);
  if (documentCount !== documents.length) throw new Error(`it numbers ${documentCount} reports, the manifest lists ${documents.length}`);
  const textsAt = HEADER_BYTES + 4 * COLUMNS * labels;
  if (fileSize !== textsAt + textBytes) throw new Error(`${fileSize} bytes, its header says ${textsAt + textBytes} (truncated or overwritten)`);
  return { labels, textBytes, crc: header.getUint32(20, true), textsAt };
}

/** The store over its columns (4-byte aligned, as laid out in the file), after checking them. */
function assembleStore(columns: Uint8Array, header: Header, documents: readonly DocumentEntry[], texts: PassageTexts): PassageStore {
  const { labels, textBytes } = header;
  const documentCount = documents.length;
  const column = (i: number) => new Uint32Array(columns.buffer, columns.byteOffset + 4 * i * labels, labels);
  const doc = new Int32Array(columns.buffer, columns.byteOffset, labels);
  const [ordinal, start, end, paragraphStart, paragraphEnd, textEnd] = [1, 2, 3, 4, 5, 6].map(column) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

  // Passages by report: counting sort on the doc column, then each ordinal in its own slot.
  const docStart = new Uint32Array(documentCount + 1);
  let previousEnd = 0;
  for (let label = 0; label < labels; label++) {
    const d = doc[label]!;
    if (d !== FREE && (d < 0 || d >= documentCount)) throw new Error(`label ${label} names report ${d} of ${documentCount}`);
    if (d !== FREE) docStart[d + 1] = docStart[d + 1]! + 1;
    const e = textEnd[label]!;
    if (e < previousEnd || e > textBytes) throw new Error(`label ${label} has text offsets out of order`);
    previousEnd = e;
  }
  if (previousEnd !== textBytes) throw new Error("the text offsets do not cover the texts");
  for (let d = 0; d < documentCount; d++) {
    const count = docStart[d + 1]!;
    if (count !== documents[d]!.passageCount) throw new Error(`report ${documents[d]!.id} has ${count} passages, the manifest says ${documents[d]!.passageCount}`);
    docStart[d + 1] = docStart[d]! + count;
  }
  const live = docStart[documentCount]!;
  const byDocument = new Uint32Array(live).fill(0xffffffff);
  for (let label = 0; label < labels; label++) {
    const d = doc[label]!;
    if (d === FREE) continue;
    const o = ordinal[label]!;
    const slot = docStart[d]! + o;
    if (o >= docStart[d + 1]! - docStart[d]! || byDocument[slot] !== 0xffffffff) throw new Error(`report ${documents[d]!.id} has a missing or repeated passage ${o}`);
    byDocument[slot] = label;
  }
  const docByKey = new Map(documents.map((d, i) => [d.contentHash.slice(0, 16), i]));
  return { documents, doc, ordinal, start, end, paragraphStart, paragraphEnd, textEnd, texts, byDocument, docStart, docByKey, live };
}

/** Number of labels, free ones included (the HNSW graph's label range). */
export function labelCount(store: PassageStore): number {
  return store.doc.length;
}

/** The manifest number of the report a label's passage belongs to, or −1 for a free label. */
export function documentAt(store: PassageStore, label: number): number {
  return store.doc[label] ?? FREE;
}

/** The id of the passage at a label, without decoding its text; `undefined` for a free label. */
export function passageIdAt(store: PassageStore, label: number): string | undefined {
  const d = documentAt(store, label);
  return d === FREE ? undefined : passageId(store.documents[d]!.contentHash, store.ordinal[label]!);
}

/** The label of the passage with this id, or `undefined` when the index has no such passage. */
export function labelOf(store: PassageStore, id: string): number | undefined {
  const colon = id.lastIndexOf(":");
  const d = store.docByKey.get(id.slice(0, colon));
  if (d === undefined) return undefined;
  const tail = id.slice(colon + 1);
  const ordinal = Number(tail);
  if (!/^\d+$/.test(tail) || ordinal >= store.docStart[d + 1]! - store.docStart[d]!) return undefined;
  return store.byDocument[store.docStart[d]! + ordinal];
}

const decoder = new TextDecoder();

/**
 * The passage at a label as an object, or `undefined` for a free label. Its text's bytes are read
 * now (one positional read), not when first used: the object may be read after the index it came
 * from was replaced and closed — a reply is formatted after the search — and must not fail then.
 * They are decoded when first read: ranking reads only ids and offsets, so most candidates never
 * need their text as a string.
 * `labelShift` is added to the label it reports (a delta store numbers its passages after its base's).
 */
export function passageAt(store: PassageStore, label: number, labelShift = 0): IndexedPassage | undefined {
  const d = documentAt(store, label);
  if (d === FREE) return undefined;
  const document = store.documents[d]!;
  const ordinal = store.ordinal[label]!;
  const from = textStartOf(store, label);
  const to = textEndOf(store, label);
  const bytes = from === to ? undefined : readTexts(store.texts, from, to);
  let text: string | undefined;
  return {
    id: passageId(document.contentHash, ordinal),
    docId: document.id,
    ordinal,
    start: store.start[label]!,
    end: store.end[label]!,
    paragraphStart: store.paragraphStart[label]!,
    paragraphEnd: store.paragraphEnd[label]!,
    label: label + labelShift,
    get text() {
      return (text ??= bytes === undefined ? "" : decoder.decode(bytes));
    },
  };
}

/**
 * The texts of all labels (`undefined` for free ones), read with one sequential read of the text
 * block: for rebuilding the lexical index, which needs every text once.
 */
export function allTexts(store: PassageStore): (string | undefined)[] {
  const block = readTexts(store.texts, 0, store.texts.size);
  return Array.from({ length: labelCount(store) }, (_, label) =>
    documentAt(store, label) === FREE ? undefined : decoder.decode(block.subarray(textStartOf(store, label), textEndOf(store, label))),
  );
}

function textStartOf(store: PassageStore, label: number): number {
  return label === 0 ? 0 : store.textEnd[label - 1]!;
}

function textEndOf(store: PassageStore, label: number): number {
  return store.textEnd[label]!;
}
