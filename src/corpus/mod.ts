/**
 * The corpus stage: report files → cleaned text with metadata → passages.
 *
 * Commonly used: {@link scanCorpus} reads the seeds directory, {@link chunkReport} cuts a report
 * into passages, {@link splitSentences} finds sentences (also used to mark the sentence that
 * answers). For bytes that do not come from the seeds directory (uploads, tests),
 * {@link readReport} does what the scan does for one file.
 */

// Commonly used
export { scanCorpus } from "./scan.ts";
export { chunkReport, passageEmbedText } from "./chunk.ts";
export { splitSentences } from "./sentences.ts";
export { readReport } from "./report.ts";
export type { ReadOutcome } from "./report.ts";
export type { CorpusScan, Passage, Report, ReportMeta, ReportSource, ScanOptions, SkippedFile, TextSpan } from "./types.ts";
export { CorpusError } from "./errors.ts";

// The pieces, for tools and tests that need one step
export { countWords } from "./words.ts";
export { decodeText } from "./decode.ts";
export type { Decoded } from "./decode.ts";
export { cleanText } from "./report.ts";
export type { CleanedText } from "./report.ts";
export { parseDateLine, isoDate } from "./date.ts";
export type { StatedDate } from "./date.ts";
export { SidecarSchema, parseSidecar, sidecarPathFor } from "./sidecar.ts";
export type { Sidecar } from "./sidecar.ts";
export { contentHash } from "./hash.ts";
export { splitLongSentence } from "./chunk.ts";
export { READER_VERSION, RECENT_MS, reportStamp } from "./stamp.ts";
export type { FileTimes } from "./stamp.ts";
