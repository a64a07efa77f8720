import { crc32 } from "node:zlib";
import type { DocumentEntry, IndexedPassage } from "./types.ts";

/*
 * The passages of one index generation as one binary file, read with a single `readFile` and used
 * in place: one typed-array column per field, indexed by HNSW label, and all texts as one UTF-8
 * buffer. Nothing is parsed per passage on load; a passage object (and its text) is only made
 * when a search or the bot asks for that label. At 100k passages the JSON file this replaces took
 * 2 s and ~360 MB to load as objects.
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

/** A passage store in memory: columns by label, views into one buffer (the file as read). */
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
  readonly texts: Uint8Array;
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
    if (runTo > runFrom) out.set(previous!.texts.subarray(runFrom, runTo), textsAt + at - (runTo - runFrom));
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
 * Makes a store of an encoded buffer (the file as read), without copying it: checks the header,
 * the sizes, the checksum and that every report's passages are all there, and builds the
 * label-by-report table. Throws an Error saying what is wrong with a damaged buffer.
 * `verifyChecksum: false` skips the one check that reads every byte, for a buffer just encoded.
 */
export function openPassageStore(bytes: Uint8Array, documents: readonly DocumentEntry[], verifyChecksum = true): PassageStore {
  if (bytes.length < HEADER_BYTES) throw new Error(`${bytes.length} bytes is shorter than the header`);
  // Typed-array views need 4-byte alignment; a buffer from readFile is, a slice of one may not be.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const header = new DataView(buf.buffer, buf.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new Error("not a passage store (wrong magic number)");
  const format = header.getUint32(4, true);
  if (format !== FORMAT) throw new Error(`passage store format ${format}, this version reads ${FORMAT}`);
  const labels = header.getUint32(8, true);
  const documentCount = header.getUint32(12, true);
  const textBytes = header.getUint32(16, true);
  if (documentCount !== documents.length) throw new Error(`it numbers ${documentCount} reports, the manifest lists ${documents.length}`);
  const expected = HEADER_BYTES + 4 * COLUMNS * labels + textBytes;
  if (buf.length !== expected) throw new Error(`${buf.length} bytes, its header says ${expected} (truncated or overwritten)`);
  if (verifyChecksum && crc32(buf.subarray(HEADER_BYTES)) !== header.getUint32(20, true)) throw new Error("checksum mismatch (the file was altered)");

  const base = buf.byteOffset + HEADER_BYTES;
  const column = (i: number) => new Uint32Array(buf.buffer, base + 4 * i * labels, labels);
  const doc = new Int32Array(buf.buffer, base, labels);
  const [ordinal, start, end, paragraphStart, paragraphEnd, textEnd] = [1, 2, 3, 4, 5, 6].map(column) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const texts = buf.subarray(HEADER_BYTES + 4 * COLUMNS * labels);

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
 * The passage at a label as an object, or `undefined` for a free label. Its text is decoded the
 * first time it is read: ranking reads only ids and offsets, so most candidates never need it.
 * `labelShift` is added to the label it reports (a delta store numbers its passages after its base's).
 */
export function passageAt(store: PassageStore, label: number, labelShift = 0): IndexedPassage | undefined {
  const d = documentAt(store, label);
  if (d === FREE) return undefined;
  const document = store.documents[d]!;
  const ordinal = store.ordinal[label]!;
  const from = textStartOf(store, label);
  const to = textEndOf(store, label);
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
      return (text ??= decoder.decode(store.texts.subarray(from, to)));
    },
  };
}

function textStartOf(store: PassageStore, label: number): number {
  return label === 0 ? 0 : store.textEnd[label - 1]!;
}

function textEndOf(store: PassageStore, label: number): number {
  return store.textEnd[label]!;
}
