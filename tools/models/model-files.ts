import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A model's files under `dir` (paths relative to it, as the hub lays them out), written; returns each with its size. */
export async function writeModelFiles(dir: string, files: readonly [string, string | Uint8Array][]): Promise<{ path: string; bytes: number }[]> {
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return files.map(([file, content]) => ({ path: file, bytes: Buffer.byteLength(content) }));
}

/**
 * A lookup model's files, written: its config, its tokenizer files, and its one float32 graph as
 * both onnx/model.onnx and onnx/model_quantized.onnx (a lookup table has nothing to quantize, and
 * transformers.js loads the quantized file by default).
 */
export function writeLookupModelFiles(dir: string, config: object, tokenizer: readonly [string, string][], onnx: Uint8Array): Promise<{ path: string; bytes: number }[]> {
  return writeModelFiles(dir, [["config.json", JSON.stringify(config, null, 2)], ...tokenizer, ["onnx/model.onnx", onnx], ["onnx/model_quantized.onnx", onnx]]);
}
