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
export { readReport, reportFromText } from "./report.ts";
export type { ReadOutcome } from "./report.ts";
export { CORPUS_DEFAULTS } from "./types.ts";
export type { ChunkConfig, CorpusConfig, CorpusScan, FileWarning, Passage, Report, ReportMeta, ReportPlaces, ReportSource, SkippedFile, TextSpan } from "./types.ts";
export { placeOfParagraphs } from "./places.ts";
export type { PlaceOfPassage } from "./places.ts";
export { CorpusError } from "./errors.ts";

// The pieces, for tools and tests that need one step
export { countWords } from "./words.ts";
export { cleanText } from "./report.ts";
export { parseDateLine } from "./date.ts";
export { contentHash } from "./hash.ts";
export { safeFileStem } from "./file-name.ts";
export { splitLongSentence } from "./chunk.ts";
export { RECENT_MS, reportStamp } from "./stamp.ts";
export { sidecarPathFor } from "./sidecar.ts";
