/*
 * A compact inverted index: every posting list lives in one pair of typed arrays (compressed
 * sparse rows), terms are 52-bit hashes in a sorted Float64Array, so an index of 100k passages with
 * syllables and syllable pairs takes a few hundred megabytes instead of the tens of gigabytes that
 * per-term JavaScript maps need, and loads from disk as a handful of buffers.
 *
 * Segments are immutable. Adding or removing passages merges the previous segment with one built
 * from the new passages into a new segment, in one linear pass; the previous segment keeps serving
 * until the caller swaps it.
 */

/** A document as the postings see it: its id and, per field, its terms (repeats count). */
export interface TermDocument {
  id: string;
  fields: readonly (readonly string[])[];
}

/** One immutable segment of the inverted index. */
export interface Postings {
  fieldCount: number;
  /** Document number → passage id. */
  ids: string[];
  /** Per field, per document: number of terms (capped at 65535). */
  lengths: Uint16Array[];
  /** Sorted term keys ({@link termKey}: field, then a hash of the term); `offsets[i]..offsets[i+1]` are its postings. */
  keys: Float64Array;
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Term frequency in the document (capped at 255). */
  tfs: Uint8Array;
}

const TWO_32 = 2 ** 32;
/** Keys are `field · 2^50 + a 50-bit hash`: the field of a term can be read back from its key. */
const FIELD_UNIT = 2 ** 50;

/**
 * The key of a term in a field: the field number in the top bits (so a key says which field's
 * document lengths its postings are scored with) above a 50-bit hash of the term (two 32-bit
 * FNV-1a variants): collisions are negligible at millions of terms per field. Fields 0–7.
 */
export function termKey(field: number, term: string): number {
  let h1 = 0x811c9dc5 ^ field;
  let h2 = 0x01000193 ^ (field * 0x9e3779b1);
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return field * FIELD_UNIT + (h1 >>> 14) * TWO_32 + (h2 >>> 0);
}

/** The field a {@link termKey} belongs to. */
export const keyField = (key: number): number => Math.floor(key / FIELD_UNIT);

/** An empty segment. */
export function emptyPostings(fieldCount: number): Postings {
  return {
    fieldCount,
    ids: [],
    lengths: Array.from({ length: fieldCount }, () => new Uint16Array(0)),
    keys: new Float64Array(0),
    offsets: new Uint32Array(1),
    docs: new Uint32Array(0),
    tfs: new Uint8Array(0),
  };
}

/** Documents per in-memory block while building: bounds the transient maps. */
const BLOCK = 4096;

/**
 * Builds a segment from documents, block by block, and joins the blocks once at the end.
 * Documents are pulled from the iterable one block at a time, so the terms of a whole corpus never
 * sit in memory at once (as strings they take several times the space of the finished postings).
 */
export function buildPostings(fieldCount: number, documents: Iterable<TermDocument>): Postings {
  const blocks: Postings[] = [];
  const scratch = createBlockScratch();
  let block: TermDocument[] = [];
  for (const doc of documents) {
    block.push(doc);
    if (block.length === BLOCK) {
      blocks.push(blockPostings(fieldCount, block, scratch));
      block = [];
    }
  }
  if (block.length > 0) blocks.push(blockPostings(fieldCount, block, scratch));
  return blocks.length === 1 ? blocks[0]! : concatPostings(fieldCount, blocks);
}

/**
 * Joins segments whose documents follow one another (the documents of `segments[s]` are numbered
 * after those of every segment before it) in two passes over their postings: sizes per term, then
 * a copy: each posting is copied once. Merging the blocks one by one into a growing result would
 * copy every earlier posting again per block — quadratic, and most of a 140k-passage first build
 * (docs/measurements/2026-12-02-first-answer.md).
 */
export function concatPostings(fieldCount: number, segments: readonly Postings[]): Postings {
  let allKeys = 0;
  for (const s of segments) allKeys += s.keys.length;
  const sorted = new Float64Array(allKeys);
  let at = 0;
  for (const s of segments) {
    sorted.set(s.keys, at);
    at += s.keys.length;
  }
  sorted.sort();
  let terms = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[terms++] = sorted[i]!;
  const keys = sorted.slice(0, terms);

  // Each segment's terms as numbers among `keys` (both sorted: one walk per segment).
  const ranks = segments.map((s) => {
    const rank = new Uint32Array(s.keys.length);
    let g = 0;
    for (let j = 0; j < s.keys.length; j++) {
      while (keys[g]! < s.keys[j]!) g++;
      rank[j] = g;
    }
    return rank;
  });
  const offsets = new Uint32Array(terms + 1);
  segments.forEach((s, i) => {
    const rank = ranks[i]!;
    for (let j = 0; j < rank.length; j++) offsets[rank[j]! + 1]! += s.offsets[j + 1]! - s.offsets[j]!;
  });
  for (let t = 0; t < terms; t++) offsets[t + 1]! += offsets[t]!;

  const docs = new Uint32Array(offsets[terms]!);
  const tfs = new Uint8Array(docs.length);
  const cursor = offsets.slice(0, terms);
  const ids: string[] = [];
  const lengths = Array.from({ length: fieldCount }, () => new Uint16Array(segments.reduce((n, s) => n + s.ids.length, 0)));
  segments.forEach((s, i) => {
    const shift = ids.length;
    for (const id of s.ids) ids.push(id);
    for (let f = 0; f < fieldCount; f++) lengths[f]!.set(s.lengths[f]!, shift);
    const rank = ranks[i]!;
    for (let j = 0; j < rank.length; j++) {
      let to = cursor[rank[j]!]!;
      for (let q = s.offsets[j]!; q < s.offsets[j + 1]!; q++) {
        docs[to] = s.docs[q]! + shift;
        tfs[to++] = s.tfs[q]!;
      }
      cursor[rank[j]!] = to;
    }
  });
  return { fieldCount, ids, lengths, keys, offsets, docs, tfs };
}

/**
 * Buffers reused from block to block (the postings of one block in flat arrays, a document's term
 * keys): allocated once per build rather than grown again for every block and every document.
 */
interface BlockScratch {
  termOf: Uint32Array;
  docOf: Uint32Array;
  tfOf: Uint8Array;
  keys: Float64Array;
}

function createBlockScratch(): BlockScratch {
  const capacity = 1 << 16;
  return { termOf: new Uint32Array(capacity), docOf: new Uint32Array(capacity), tfOf: new Uint8Array(capacity), keys: new Float64Array(1024) };
}

function blockPostings(fieldCount: number, documents: readonly TermDocument[], scratch: BlockScratch = createBlockScratch()): Postings {
  // Every posting is recorded once, as (term number, document, tf) in flat typed arrays, then
  // grouped by term with a counting sort: no per-term arrays, which cost more in memory and
  // garbage collection than the postings themselves.
  const termNumbers = createKeyTable();
  const termKeys: number[] = [];
  let { termOf, docOf, tfOf } = scratch;
  let count = 0;
  const lengths = Array.from({ length: fieldCount }, () => new Uint16Array(documents.length));
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d]!;
    for (let f = 0; f < fieldCount; f++) {
      const terms = doc.fields[f] ?? [];
      lengths[f]![d] = Math.min(terms.length, 0xffff);
      if (scratch.keys.length < terms.length) scratch.keys = new Float64Array(terms.length * 2);
      for (let i = 0; i < terms.length; i++) scratch.keys[i] = termKey(f, terms[i]!);
      const keys = scratch.keys.subarray(0, terms.length).sort();
      for (let i = 0; i < keys.length; ) {
        const key = keys[i]!;
        let j = i + 1;
        while (j < keys.length && keys[j] === key) j++;
        const term = termNumbers.numberOf(key, termKeys.length);
        if (term === termKeys.length) termKeys.push(key);
        if (count === termOf.length) {
          termOf = grow(termOf, count * 2);
          docOf = grow(docOf, count * 2);
          tfOf = grow(tfOf, count * 2);
          Object.assign(scratch, { termOf, docOf, tfOf });
        }
        termOf[count] = term;
        docOf[count] = d;
        tfOf[count++] = Math.min(j - i, 255);
        i = j;
      }
    }
  }
  const keys = Float64Array.from(termKeys).sort();
  const sizes = new Uint32Array(termKeys.length);
  for (let p = 0; p < count; p++) sizes[termOf[p]!]!++;
  const offsets = new Uint32Array(keys.length + 1);
  const startOf = new Uint32Array(termKeys.length);
  let total = 0;
  keys.forEach((key, rank) => {
    const term = termNumbers.numberOf(key, -1);
    offsets[rank] = total;
    startOf[term] = total;
    total += sizes[term]!;
  });
  offsets[keys.length] = total;
  const docs = new Uint32Array(total);
  const tfs = new Uint8Array(total);
  for (let p = 0; p < count; p++) {
    const at = startOf[termOf[p]!]!++;
    docs[at] = docOf[p]!;
    tfs[at] = tfOf[p]!;
  }
  return { fieldCount, ids: documents.map((d) => d.id), lengths, keys, offsets, docs, tfs };
}

/**
 * Term key → term number, open addressing over typed arrays. A Map keyed by 52-bit numbers
 * (heap numbers to V8) was the slowest part of indexing, several times slower than this.
 */
function createKeyTable() {
  let capacity = 1 << 16;
  let keys = new Float64Array(capacity).fill(-1);
  let values = new Int32Array(capacity);
  let size = 0;
  const slotOf = (key: number, k: Float64Array, mask: number) => {
    let slot = (key >>> 0) & mask;
    while (k[slot] !== -1 && k[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  };
  return {
    /** The number of `key`; when it has none yet, it gets `next`. */
    numberOf(key: number, next: number): number {
      let slot = slotOf(key, keys, capacity - 1);
      if (keys[slot] === key) return values[slot]!;
      if ((size + 1) * 2 > capacity) {
        const oldKeys = keys;
        const oldValues = values;
        capacity *= 2;
        keys = new Float64Array(capacity).fill(-1);
        values = new Int32Array(capacity);
        oldKeys.forEach((k, i) => {
          if (k === -1) return;
          const at = slotOf(k, keys, capacity - 1);
          keys[at] = k;
          values[at] = oldValues[i]!;
        });
        slot = slotOf(key, keys, capacity - 1);
      }
      keys[slot] = key;
      values[slot] = next;
      size++;
      return next;
    },
  };
}

function grow<T extends Uint32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}

/**
 * Merges two segments into a new one: `a`'s documents for which `keepA(id)` holds, then all of
 * `b`'s, renumbered. Linear in the number of postings.
 */
export function mergePostings(a: Postings, b: Postings, keepA: (id: string) => boolean): Postings {
  const fieldCount = a.fieldCount;
  const remap = new Int32Array(a.ids.length).fill(-1);
  const ids: string[] = [];
  a.ids.forEach((id, d) => {
    if (keepA(id)) {
      remap[d] = ids.length;
      ids.push(id);
    }
  });
  const shift = ids.length;
  ids.push(...b.ids);
  const lengths = Array.from({ length: fieldCount }, (_, f) => {
    const out = new Uint16Array(ids.length);
    a.lengths[f]!.forEach((len, d) => {
      if (remap[d]! >= 0) out[remap[d]!] = len;
    });
    out.set(b.lengths[f]!, shift);
    return out;
  });

  // Upper bounds; trimmed at the end.
  const keys = new Float64Array(a.keys.length + b.keys.length);
  const offsets = new Uint32Array(keys.length + 1);
  const docs = new Uint32Array(a.docs.length + b.docs.length);
  const tfs = new Uint8Array(docs.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let p = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const ka = i < a.keys.length ? a.keys[i]! : Infinity;
    const kb = j < b.keys.length ? b.keys[j]! : Infinity;
    const key = Math.min(ka, kb);
    const start = p;
    if (ka === key) {
      for (let q = a.offsets[i]!; q < a.offsets[i + 1]!; q++) {
        const d = remap[a.docs[q]!]!;
        if (d >= 0) {
          docs[p] = d;
          tfs[p++] = a.tfs[q]!;
        }
      }
      i++;
    }
    if (kb === key) {
      for (let q = b.offsets[j]!; q < b.offsets[j + 1]!; q++) {
        docs[p] = b.docs[q]! + shift;
        tfs[p++] = b.tfs[q]!;
      }
      j++;
    }
    if (p > start) {
      keys[k] = key;
      offsets[k++] = start;
    }
  }
  offsets[k] = p;
  return {
    fieldCount,
    ids,
    lengths,
    keys: keys.slice(0, k),
    offsets: offsets.slice(0, k + 1),
    docs: docs.slice(0, p),
    tfs: tfs.slice(0, p),
  };
}

/** The number of a term in a field (its position in `keys`), or -1 when no document has it. */
export function termNumber(postings: Postings, field: number, term: string): number {
  const key = termKey(field, term);
  const keys = postings.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = keys[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The postings of a term in a field, as a range into `docs`/`tfs` (empty when absent). */
export function findTerm(postings: Postings, field: number, term: string): { start: number; end: number } {
  const t = termNumber(postings, field, term);
  return t < 0 ? { start: 0, end: 0 } : { start: postings.offsets[t]!, end: postings.offsets[t + 1]! };
}

/** Average field length over the segment's documents (for BM25's length normalisation). */
export function averageLengths(postings: Postings): number[] {
  return postings.lengths.map((lens) => {
    let sum = 0;
    for (const len of lens) sum += len;
    return lens.length === 0 ? 0 : sum / lens.length;
  });
}

/** Format of the file; HDLX1 (read by copying, keys without field bits, no term values) is no longer read. */
const MAGIC = "HDLX2";

/** A decoded segment and the per-term values stored with it. */
export interface DecodedPostings {
  postings: Postings;
  /** One number per term, parallel to `keys`, as given to {@link encodePostings}. */
  termValues: Float32Array;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/**
 * The segment as one buffer: a JSON header (ids, sizes) followed by the typed arrays, each
 * starting at a multiple of 8 bytes, so {@link decodePostings} can hand out views onto the buffer
 * instead of copies. `termValues` (one per term, e.g. a score bound) is stored alongside.
 */
export function encodePostings(postings: Postings, termValues: Float32Array = new Float32Array(postings.keys.length)): Buffer {
  if (termValues.length !== postings.keys.length) throw new Error("encodePostings: one term value per term expected");
  const header = Buffer.from(
    JSON.stringify({
      magic: MAGIC,
      fieldCount: postings.fieldCount,
      ids: postings.ids,
      terms: postings.keys.length,
      postings: postings.docs.length,
    }),
  );
  const arrays: ArrayBufferView[] = [postings.keys, postings.offsets, postings.docs, termValues, ...postings.lengths, postings.tfs];
  const headerSize = 8 + header.length + pad8(8 + header.length);
  let size = headerSize;
  for (const a of arrays) size += a.byteLength + pad8(a.byteLength);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 8);
  let at = headerSize;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength + pad8(a.byteLength);
  }
  return out;
}

/**
 * Reads a buffer written by {@link encodePostings}; throws when it is not one, is of an older
 * format, or is cut short. The arrays are views onto `buffer` (no copy, so memory stays at the
 * file's size), which must therefore not be modified afterwards; only a buffer whose start is not
 * 8-byte aligned in its ArrayBuffer is copied first.
 */
export function decodePostings(buffer: Buffer): DecodedPostings {
  if (buffer.length < 8) throw new Error("lexical index file is truncated");
  const headerLength = buffer.readUInt32LE(0);
  if (8 + headerLength > buffer.length) throw new Error("lexical index file is truncated");
  let header: { magic?: unknown; fieldCount: number; ids: string[]; terms: number; postings: number };
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString("utf8")) as typeof header;
  } catch {
    throw new Error("not a hoidap lexical index");
  }
  if (header.magic === "HDLX1") throw new Error("the lexical index was written by an older version of hoidap (format HDLX1)");
  if (header.magic !== MAGIC) throw new Error("not a hoidap lexical index");
  const body: Uint8Array = buffer.byteOffset % 8 === 0 ? buffer : new Uint8Array(buffer);
  let at = 8 + headerLength + pad8(8 + headerLength);
  const take = <T>(make: (b: ArrayBufferLike, offset: number, length: number) => T, length: number, bytesPer: number): T => {
    if (at + length * bytesPer > body.length) throw new Error("lexical index file is truncated");
    const view = make(body.buffer, body.byteOffset + at, length);
    at += length * bytesPer + pad8(length * bytesPer);
    return view;
  };
  const n = header.ids.length;
  const keys = take((b, o, l) => new Float64Array(b, o, l), header.terms, 8);
  const offsets = take((b, o, l) => new Uint32Array(b, o, l), header.terms + 1, 4);
  const docs = take((b, o, l) => new Uint32Array(b, o, l), header.postings, 4);
  const termValues = take((b, o, l) => new Float32Array(b, o, l), header.terms, 4);
  const lengths = Array.from({ length: header.fieldCount }, () => take((b, o, l) => new Uint16Array(b, o, l), n, 2));
  const tfs = take((b, o, l) => new Uint8Array(b, o, l), header.postings, 1);
  return { postings: { fieldCount: header.fieldCount, ids: header.ids, lengths, keys, offsets, docs, tfs }, termValues };
}
