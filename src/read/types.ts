import type { Reason } from "./reasons.ts";

/** The formats hoidap reads a report from. */
export type ReportFormat = "txt" | "md" | "docx" | "pdf" | "doc" | "html" | "odt";

/** A heading of a document and where it starts in {@link ReportText.text}. */
export interface Heading {
  offset: number;
  text: string;
  /** 1 = top level. */
  level: number;
}

/**
 * A report as a reader gives it: its text in lines (one paragraph, heading or table row per line;
 * a blank line where the document has a clear break), where each page starts, its headings, and
 * the title and date its properties state. The corpus stage cleans it and cuts it into passages.
 */
export interface ReportText {
  format: ReportFormat;
  text: string;
  /**
   * Offsets into `text` where each page starts, for formats with pages (PDF): `pages[i]` is where
   * page `pageNumbers[i]` starts. Pages that gave no text (skipped, unreadable) have no entry.
   */
  pages?: number[];
  /** The page number of each entry of `pages` (1-based). */
  pageNumbers?: number[];
  /** Pages whose text comes from OCR (1-based), so citations can say so. */
  ocrPages?: number[];
  headings?: Heading[];
  /** Title from the document's properties (docx core properties, PDF info, HTML <title>). */
  title?: string;
  /** Date (ISO YYYY-MM-DD) from the document's properties. */
  date?: string;
  /** What the reader did or could not do that the index report should say, one line each (no file name). */
  notes: Reason[];
}

/** A reader's outcome: the text, or why the file cannot be indexed (one line, no file name). */
export type ReadResult = { ok: true; report: ReportText } | { ok: false; reason: Reason };

/** Caps on what one file may cost to read. Hostile or broken files hit them and are refused. */
export interface ReadLimits {
  /** Total decompressed bytes of the parts of a zip-based file (docx, odt) its parser reads (XML; images are not read). */
  maxUnzippedBytes: number;
  /** Entries in a zip-based file. */
  maxZipEntries: number;
  /** Pages of a PDF. */
  maxPdfPages: number;
  /** Objects in a PDF (counted in its cross-reference data before parsing). */
  maxPdfObjects: number;
  /** Wall-clock time to read one file (parsing and OCR). */
  timeoutMs: number;
  /** Heap of the process that parses files, in MB. */
  maxHeapMb: number;
  /** Read scanned PDF pages with tesseract when it is installed (with Vietnamese data). */
  ocr: boolean;
  /** Pages of one PDF OCR may read (OCR costs seconds a page). */
  maxOcrPages: number;
}

/** The caps used unless the caller sets others. */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxUnzippedBytes: 100 * 1024 * 1024,
  maxZipEntries: 5_000,
  maxPdfPages: 1_000,
  maxPdfObjects: 500_000,
  timeoutMs: 60_000,
  maxHeapMb: 1_024,
  ocr: true,
  maxOcrPages: 50,
};
