import { open } from "node:fs/promises";

/*
 * hnswlib trusts the header of a graph file: a damaged element size or count makes it allocate
 * or seek by nonsense and dies with SIGSEGV, taking the bot with it. So the header is read and
 * checked here, against what the manifest says the graph must be, before hnswlib is handed the
 * file. Layout (hnswalg.h, saveIndex), little-endian: offsetLevel0 u64, maxElements u64,
 * count u64, sizeDataPerElement u64, labelOffset u64, offsetData u64, maxLevel i32,
 * enterPoint u32, maxM u64, maxM0 u64, M u64, mult f64, efConstruction u64; then `count`
 * elements of `sizeDataPerElement` bytes, then per element a u32 link-list size and its links.
 */

const HEADER_BYTES = 96;
/** hnswlib's `labeltype` (size_t) and `linklistsizeint`/`tableint` (u32). */
const LABEL_BYTES = 8;
const LINK_BYTES = 4;
/** hnswlib draws levels as -ln(u)·mult; beyond this a level is a sign of damage, not chance. */
const MAX_LEVEL = 64;

/** What the graph must be: its vectors' width, and the parameters it was built with. */
export interface GraphShape {
  dimensions: number;
  m: number;
  efConstruction: number;
}

/**
 * Checks a graph file's header and size against `shape`; returns what is wrong, or `undefined`
 * when hnswlib may read it.
 */
export async function graphHeaderProblem(file: string, shape: GraphShape): Promise<string | undefined> {
  const handle = await open(file, "r");
  try {
    const size = (await handle.stat()).size;
    if (size < HEADER_BYTES) return `${size} bytes is shorter than a graph header`;
    const buf = Buffer.alloc(HEADER_BYTES);
    await handle.read(buf, 0, HEADER_BYTES, 0);
    return headerProblem(buf, size, shape);
  } finally {
    await handle.close();
  }
}

function headerProblem(buf: Buffer, size: number, shape: GraphShape): string | undefined {
  const u64 = (at: number) => buf.readBigUInt64LE(at);
  const offsetLevel0 = u64(0);
  const maxElements = u64(8);
  const count = u64(16);
  const sizePerElement = u64(24);
  const labelOffset = u64(32);
  const offsetData = u64(40);
  const maxLevel = buf.readInt32LE(48);
  const enterPoint = buf.readUInt32LE(52);
  const maxM = u64(56);
  const maxM0 = u64(64);
  const m = u64(72);
  const mult = buf.readDoubleLE(80);
  const efConstruction = u64(88);

  const linksLevel0 = maxM0 * BigInt(LINK_BYTES) + BigInt(LINK_BYTES);
  const dataBytes = BigInt(shape.dimensions * 4);
  if (offsetLevel0 !== 0n) return `offsetLevel0 ${offsetLevel0}, expected 0`;
  if (m !== BigInt(shape.m) || maxM !== m || maxM0 !== 2n * m) return `M ${m} (maxM ${maxM}, maxM0 ${maxM0}), the manifest says ${shape.m}`;
  // hnswlib raises efConstruction to M when given less.
  const expectedEf = BigInt(Math.max(shape.efConstruction, shape.m));
  if (efConstruction !== expectedEf) return `efConstruction ${efConstruction}, the manifest says ${expectedEf}`;
  if (offsetData !== linksLevel0 || labelOffset !== linksLevel0 + dataBytes || sizePerElement !== labelOffset + BigInt(LABEL_BYTES)) {
    return `element layout ${offsetData}/${labelOffset}/${sizePerElement} does not fit ${shape.dimensions} dimensions`;
  }
  if (!(Math.abs(mult - 1 / Math.log(shape.m)) < 1e-9)) return `level multiplier ${mult}, expected 1/ln(${shape.m})`;
  if (count > maxElements) return `${count} elements, more than its capacity ${maxElements}`;
  // Capacity is at most 1.5× the labels (a graph grows by half when full), never a huge allocation.
  if (maxElements > 2n * count + 1024n) return `capacity ${maxElements} for ${count} elements`;
  const minimum = BigInt(HEADER_BYTES) + count * (sizePerElement + BigInt(LINK_BYTES));
  if (BigInt(size) < minimum) return `${size} bytes, fewer than the ${minimum} its header needs (truncated)`;
  if (count === 0n) return undefined;
  if (BigInt(enterPoint) >= count) return `entry point ${enterPoint} outside its ${count} elements`;
  if (maxLevel < 0 || maxLevel > MAX_LEVEL) return `top level ${maxLevel}`;
  return undefined;
}
