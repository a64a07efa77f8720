/**
 * .doc (Word 97–2003) → report text, with word-extractor: the one maintained pure-JavaScript reader
 * of the binary format on npm (no LibreOffice or antiword on the server). It gives the body text
 * only — no fonts, no styles — so headings are not known, table cells arrive tab-separated, and
 * legacy TCVN3/VNI text is found by its look alone.
 */
import WordExtractor from "word-extractor";
import { describeConversion, repairLegacyLines } from "./legacy.ts";
import { addLine, finishLines, lineBuffer } from "./lines.ts";
import { reason } from "./reasons.ts";
import type { ReadResult } from "./types.ts";

/** Reads a Word 97–2003 document. */
export async function readDoc(bytes: Uint8Array): Promise<ReadResult> {
  let body: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = doc.getBody();
  } catch (error) {
    return { ok: false, reason: reason("read.doc_unreadable", { error: (error as Error).message.split("\n")[0]! }) };
  }
  const buffer = lineBuffer();
  for (const line of body.normalize("NFC").split(/\r\n|\r|\n/u)) {
    // Table rows come as tab-separated cells.
    addLine(buffer, line.includes("\t") ? line.split("\t").map((c) => c.trim()).filter((c) => c !== "").join(" | ") : line);
  }
  const repaired = repairLegacyLines(finishLines(buffer).text);
  const note = describeConversion(repaired.converted);
  return { ok: true, report: { format: "doc", text: repaired.text, notes: note === undefined ? [] : [note] } };
}
