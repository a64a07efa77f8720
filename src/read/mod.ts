/**
 * The read stage: a report file's bytes and name → report text with structure (lines, headings,
 * pages, title and date properties), or the reason it cannot be indexed (a {@link Reason}: a
 * message key and its values, shown in the reader's language). One reader per format,
 * chosen by content as well as extension: .txt/.md (UTF-8, UTF-16, and the legacy Vietnamese
 * encodings TCVN3, VNI, Windows-1258), .docx, .doc, .pdf (with OCR of scanned pages where
 * tesseract is installed), .html/.htm, .odt.
 *
 * Commonly used: {@link createIsolatedReader} reads files with parsing in a separate process
 * under time and memory limits (what the corpus scan uses); {@link readTextFile} reads text
 * synchronously; {@link REPORT_EXTENSIONS} lists what is read.
 */

// Commonly used
export { createIsolatedReader } from "./isolated.ts";
export type { IsolatedReader } from "./isolated.ts";
export { readTextFile } from "./text.ts";
export { REPORT_EXTENSIONS, formatOfName, sniffFormat } from "./sniff.ts";
export type { Sniffed } from "./sniff.ts";
export { DEFAULT_READ_LIMITS } from "./types.ts";
export type { Heading, ReadLimits, ReadResult, ReportFormat, ReportText } from "./types.ts";
export { REASON_KEYS, allReasons, reason, textReason } from "./reasons.ts";
export type { Reason, ReasonKey, ReasonParam } from "./reasons.ts";

// The pieces, for tools and tests that need one step
export { readReportFile } from "./read.ts";
export { decodeText } from "./decode.ts";
export type { Decoded } from "./decode.ts";
export { fromTcvn3, fromVni, fromWindows1258, legacyEncodingOf, repairLegacyLines, vietnameseShare } from "./legacy.ts";
export type { LegacyEncoding } from "./legacy.ts";
export { isVietnameseSyllable } from "./syllable.ts";
export { rejoinSplitSyllables } from "./rejoin.ts";
export { distrust } from "./trust.ts";
export { ocrMissing } from "./ocr.ts";
export { openZip } from "./zip.ts";
