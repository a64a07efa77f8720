/**
 * .txt and .md → report text: decoded (decode.ts), and lines of TCVN3 or VNI text that were saved
 * as UTF-8 by a tool that did not know the font (they look like "Céng hoµ x· héi") converted.
 */
import { decodeText } from "./decode.ts";
import { describeConversion, repairLegacyLines } from "./legacy.ts";
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import type { ReadResult } from "./types.ts";

const ENCODING_NAMES = { "windows-1258": "Windows-1258", tcvn3: "TCVN3 (ABC)", vni: "VNI" } as const;

/** Reads a plain-text or Markdown report. Synchronous: text needs no parser worth isolating. */
export function readTextFile(bytes: Uint8Array, format: "txt" | "md"): ReadResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const notes: Reason[] = [];
  if (decoded.legacy !== undefined) notes.push(reason("read.legacy_decoded", { encoding: ENCODING_NAMES[decoded.legacy] }));
  const repaired = decoded.legacy === undefined ? repairLegacyLines(decoded.text) : { text: decoded.text, converted: {} };
  const note = describeConversion(repaired.converted);
  if (note !== undefined) notes.push(note);
  return { ok: true, report: { format, text: repaired.text, notes } };
}
