import type { ReadLimits, Reason } from "../read/mod.ts";

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
  /** The format the report was read from (absent for .txt, the common case). */
  format?: string;
  /** Pages and sections of the paragraphs, for formats that have them (PDF pages, Word headings). */
  places?: ReportPlaces;
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

/**
 * Where a report's paragraphs are in the original document, so citations can say "trang 3" or
 * name the section. Indexed by paragraph like {@link Report.paragraphs}.
 */
export interface ReportPlaces {
  /** The first and last page of each paragraph (1-based), for paged formats (PDF). */
  pages?: [number, number][];
  /** Section headings: each applies from paragraph `from` (1-based) to the next entry. */
  sections?: { from: number; heading: string }[];
  /** Pages whose text was read by OCR. */
  ocrPages?: number[];
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

/** A file that was not indexed, and why (one line once rendered, for the index report). */
export interface SkippedFile {
  file: string;
  reason: Reason;
}

/**
 * A problem that did not stop a report from being indexed (a sidecar that could not be used, a
 * report with no title line, pages of a PDF left out), shown as `"<file>: <reason>"`.
 */
export interface FileWarning {
  /** The file it is about (a report or its sidecar, relative path); absent when about the index as a whole. */
  file?: string;
  reason: Reason;
}

/** The outcome of reading a seeds directory. */
export interface CorpusScan {
  /** Reports read (and cleaned) in this scan, in path order. */
  reports: Report[];
  skipped: SkippedFile[];
  /**
   * Problems that did not stop a file from being indexed (a sidecar that could not be used, a
   * sidecar with no report, a report with no title line, a reader's notes).
   */
  warnings?: FileWarning[];
  /**
   * Ids of reports not read because their files still have the stamp the caller recorded
   * (see {@link ScanOptions.known}), in path order. Empty without that option.
   */
  reused: string[];
  /** For every report read or reused, by id, in path order: what to record so the next scan can reuse it. */
  sources: Map<string, ReportSource>;
}

/** What a caller records about a report it has read, so that a later scan can skip reading it. */
export interface ReportSource {
  /**
   * Size and modification time of the report file and its sidecar (opaque). Absent when they
   * cannot be trusted (modified just before the scan, or a sidecar that could not be read): such a
   * report is read again next time.
   */
  stamp?: string;
  /** The warnings reading it gave, repeated when it is reused (absent when none). */
  warnings?: FileWarning[];
}

/** Options of a scan. */
export interface ScanOptions {
  /**
   * What the caller recorded about a report when it last read it, by id (the path). A report whose
   * file and sidecar still match the recorded stamp is neither read nor cleaned: it is listed in
   * {@link CorpusScan.reused} and its recorded warnings are repeated. Only pass it when the
   * caller can really do without the report's text (same chunking, same model).
   */
  known?: (id: string) => Readonly<ReportSource> | undefined;
  /** Caps on reading one file (see `ReadLimits`); the defaults suit a server. */
  readLimits?: Partial<ReadLimits>;
}

/** Where reports are read from and how they are cut into passages. */
export interface CorpusConfig {
  seedsDir: string;
  maxFileBytes: number;
  chunk: ChunkConfig;
}

/** Passage sizing: sentences are packed up to `targetWords`, never beyond `maxWords` unless one sentence is longer. */
export interface ChunkConfig {
  targetWords: number;
  maxWords: number;
  overlapSentences: number;
}

/** The corpus stage's defaults (`seedsDir` relative to the working directory). */
export const CORPUS_DEFAULTS = {
  seedsDir: "seeds",
  maxFileBytes: 5_000_000,
  chunk: { targetWords: 160, maxWords: 220, overlapSentences: 1 },
} as const satisfies CorpusConfig;
