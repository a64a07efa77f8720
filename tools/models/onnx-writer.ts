/**
 * A minimal ONNX file writer: just enough protobuf to express graphs of standard operators with
 * float32, int64, int32 and 8-bit initializers. Used to generate test models; no ONNX dependency is needed for that.
 *
 * Field numbers and enum values are those of onnx/onnx.proto (checked against the generated
 * `onnx-proto` package that ships with onnxruntime-web). Messages are built bottom-up as byte
 * arrays, so a larger graph (a full BERT encoder) is only more calls to {@link node} and
 * {@link tensor}.
 */

/** ONNX `TensorProto.DataType` values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

/** A dimension: a fixed size, or a name for a dynamic one (`"batch"`, `"sequence"`). */
export type Dim = number | string;

/** An operator attribute value, tagged so that INT and FLOAT (both JS numbers) stay distinct. */
export type AttributeValue = { int: number } | { ints: number[] } | { float: number } | { string: string } | { tensor: Uint8Array };

// --- protobuf wire format -------------------------------------------------------------------

const encoder = new TextEncoder();

/** Base-128 varint; negative int64 values take ten bytes (two's complement), as protobuf requires. */
function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Field with wire type 0 (varint). */
const intField = (field: number, value: number | bigint) => Uint8Array.from([...varint(field << 3), ...varint(value)]);
/** Field with wire type 2 (length-delimited): strings, bytes, nested messages, packed arrays. */
const lenField = (field: number, bytes: Uint8Array) => concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
const strField = (field: number, value: string) => lenField(field, encoder.encode(value));
const packedInts = (field: number, values: readonly number[]) => lenField(field, Uint8Array.from(values.flatMap((v) => varint(v))));
/** Field with wire type 5 (32-bit little-endian float). */
function floatField(field: number, value: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = (field << 3) | 5;
  new DataView(out.buffer).setFloat32(1, value, true);
  return out;
}

// --- ONNX messages ------------------------------------------------------------------------

/** The element types {@link tensor} writes, by their typed array. */
export type TensorData = Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;

function dataTypeOf(data: TensorData): number {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof BigInt64Array) return DataType.INT64;
  if (data instanceof Int32Array) return DataType.INT32;
  if (data instanceof Int8Array) return DataType.INT8;
  return DataType.UINT8;
}

/** A TensorProto (initializer or constant). `data` is stored as raw little-endian bytes. */
export function tensor(name: string, dims: readonly number[], data: TensorData): Uint8Array {
  const type = dataTypeOf(data);
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength); // x86/ARM are little-endian, as ONNX requires
  return concat([packedInts(1, dims), intField(2, type), strField(8, name), lenField(9, raw)]);
}

/** Shorthand for an int64 tensor (shapes, axes, indices). `dims` defaults to a 1-D vector; `[]` makes a scalar. */
export const int64Tensor = (name: string, values: readonly number[], dims: readonly number[] = [values.length]) =>
  tensor(name, dims, BigInt64Array.from(values, (v) => BigInt(v)));

/** A graph input or output: name, element type and shape (ValueInfoProto → TypeProto.Tensor → TensorShapeProto). */
export function valueInfo(name: string, elemType: number, shape: readonly Dim[]): Uint8Array {
  const dims = shape.map((d) => lenField(1, typeof d === "number" ? intField(1, d) : strField(2, d)));
  const tensorType = concat([intField(1, elemType), lenField(2, concat(dims))]);
  return concat([strField(1, name), lenField(2, lenField(1, tensorType))]);
}

function attribute(name: string, value: AttributeValue): Uint8Array {
  // AttributeProto.type (field 20): FLOAT 1, INT 2, STRING 3, TENSOR 4, INTS 7.
  if ("int" in value) return concat([strField(1, name), intField(3, value.int), intField(20, 2)]);
  if ("float" in value) return concat([strField(1, name), floatField(2, value.float), intField(20, 1)]);
  if ("string" in value) return concat([strField(1, name), strField(4, value.string), intField(20, 3)]);
  if ("tensor" in value) return concat([strField(1, name), lenField(5, value.tensor), intField(20, 4)]);
  return concat([strField(1, name), packedInts(8, value.ints), intField(20, 7)]);
}

/** A NodeProto: one operator of the default ("ai.onnx") domain. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, AttributeValue> = {},
  name = `${opType}_${outputs[0] ?? ""}`,
): Uint8Array {
  return concat([
    ...inputs.map((i) => strField(1, i)),
    ...outputs.map((o) => strField(2, o)),
    strField(3, name),
    strField(4, opType),
    ...Object.entries(attributes).map(([k, v]) => lenField(5, attribute(k, v))),
  ]);
}

/** The parts of a graph, each already encoded by the helpers above. */
export interface GraphParts {
  name: string;
  nodes: Uint8Array[];
  initializers: Uint8Array[];
  inputs: Uint8Array[];
  outputs: Uint8Array[];
}

/** A complete ModelProto (IR version 8, default opset 17 — both within what onnxruntime 1.14 reads). */
export function onnxModel(graph: GraphParts, opset = 17, producer = "hoidap"): Uint8Array {
  const graphBytes = concat([
    ...graph.nodes.map((n) => lenField(1, n)),
    strField(2, graph.name),
    ...graph.initializers.map((t) => lenField(5, t)),
    ...graph.inputs.map((v) => lenField(11, v)),
    ...graph.outputs.map((v) => lenField(12, v)),
  ]);
  const opsetId = concat([strField(1, ""), intField(2, opset)]);
  return concat([intField(1, 8), strField(2, producer), lenField(7, graphBytes), lenField(8, opsetId)]);
}
