/** A character range `[start, end)` in a report's cleaned text. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * What a citation says about a report. Detected from the text, overridden by an optional
 * `NAME.meta.json` sidecar.
 */
export interface ReportMeta {
  title: string;
  /** Publication date as ISO `YYYY-MM-DD`, when the report states one. */
  date?: string;
  /** The date as the report wrote it ("Thứ Năm, 23/06/2022 13:04"). */
  dateText?: string;
  author?: string;
  url?: string;
  organisation?: string;
}

/** One report, read and cleaned, ready to be cut into passages. */
export interface Report extends ReportMeta {
  /** Stable id: the file's path relative to the seeds directory, with forward slashes. */
  id: string;
  /** Path relative to the seeds directory (same as `id`; kept separate so ids may change form later). */
  file: string;
  /** Cleaned body text (NFC, boilerplate removed); paragraphs separated by a blank line. */
  text: string;
  /** Paragraph spans in `text`, in order. Paragraph numbers in citations are 1-based indexes into this. */
  paragraphs: TextSpan[];
  /** sha256 (hex) of the cleaned text and the metadata: changes whenever a passage or citation would. */
  contentHash: string;
}

/** A retrievable piece of a report: whole sentences, sized for the embedding model. */
export interface Passage {
  /** Stable id: derived from the report's content hash and the passage's ordinal. */
  id: string;
  docId: string;
  /** 0-based position of the passage within its report. */
  ordinal: number;
  /** Character offsets into the report's cleaned text: `report.text.slice(start, end) === text`. */
  start: number;
  end: number;
  /** 1-based numbers of the first and last paragraph the passage covers. */
  paragraphStart: number;
  paragraphEnd: number;
  /** The passage as it appears in the report. */
  text: string;
  /** What is embedded and indexed: the report's title as context, then the passage. */
  embedText: string;
}

/** A file that was not indexed, and why (one line, for the index report). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The outcome of reading a seeds directory. */
export interface CorpusScan {
  reports: Report[];
  skipped: SkippedFile[];
  /**
   * Problems that did not stop a file from being indexed, one line each, `"<file>: <reason>"`
   * (a sidecar that could not be used, a sidecar with no report, a report with no title line).
   */
  warnings?: string[];
}
