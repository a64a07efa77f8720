/**
 * One file → report text: the format is chosen by content and extension (sniff.ts), then read by
 * its reader. Text formats are read here; the others should be read through
 * {@link createIsolatedReader}, which runs this in a separate process with a time limit.
 */
import { readDoc } from "./doc.ts";
import { readDocx } from "./docx.ts";
import { readHtml } from "./html.ts";
import { readOdt } from "./odt.ts";
import { readPdf } from "./pdf.ts";
import { sniffFormat } from "./sniff.ts";
import { readTextFile } from "./text.ts";
import { DEFAULT_READ_LIMITS } from "./types.ts";
import type { ReadLimits, ReadResult } from "./types.ts";

/** Reads a report file of any supported format in this process. A parser that hangs hangs the caller: see {@link createIsolatedReader}. */
export async function readReportFile(bytes: Uint8Array, name: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  const sniffed = sniffFormat(bytes, name);
  if (!sniffed.ok) return sniffed;
  try {
    switch (sniffed.format) {
      case "txt":
      case "md":
        return readTextFile(bytes, sniffed.format);
      case "html":
        return readHtml(bytes);
      case "docx":
        return await readDocx(bytes, limits);
      case "odt":
        return readOdt(bytes, limits);
      case "pdf":
        return await readPdf(bytes, limits);
      case "doc":
        return await readDoc(bytes);
    }
  } catch (error) {
    // A parser's own failure on a damaged file: that file is skipped, with the parser's words.
    return { ok: false, reason: `could not be read as ${sniffed.format.toUpperCase()} (${String((error as Error)?.message ?? error).split("\n")[0]})` };
  }
}

/** Whether a file is read by a text reader (cheap, safe to run anywhere) rather than a parser worth isolating. */
export function isPlainText(name: string): boolean {
  return /\.(?:txt|md)$/i.test(name);
}
