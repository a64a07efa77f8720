/**
 * One file → report text: the format is chosen by content and extension (sniff.ts), then read by
 * its reader. Text formats are read here; the others should be read through
 * {@link createIsolatedReader}, which runs this in a separate process with a time limit.
 */
import { reason } from "./reasons.ts";
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
      // Each parser is loaded on first use: a folder of PDFs never loads mammoth, and the start of
      // the parsing process costs only what its first file needs.
      case "html":
        return (await import("./html.ts")).readHtml(bytes);
      case "docx":
        return await (await import("./docx.ts")).readDocx(bytes, limits);
      case "odt":
        return (await import("./odt.ts")).readOdt(bytes, limits);
      case "pdf":
        return await (await import("./pdf.ts")).readPdf(bytes, limits);
      case "doc":
        return await (await import("./doc.ts")).readDoc(bytes);
    }
  } catch (error) {
    // A parser's own failure on a damaged file: that file is skipped, with the parser's words.
    return { ok: false, reason: reason("read.parser_failed", { format: sniffed.format.toUpperCase(), error: String((error as Error)?.message ?? error).split("\n")[0]! }) };
  }
}

/** Whether a file is read by a text reader (cheap, safe to run anywhere) rather than a parser worth isolating. */
export function isPlainText(name: string): boolean {
  return /\.(?:txt|md)$/i.test(name);
}
