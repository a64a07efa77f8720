/**
 * Why a report file is skipped or refused, the notes a reader attaches to a report (pages left
 * out, OCR used, legacy text converted), and why an operation an admin asked for failed, as data:
 * a message key and its values. People read them in their own language (the texts are in
 * `prompts/messages.json`, rendered by the render stage) and the index stores them as they are, so
 * a Vietnamese admin and an English log read the same reason.
 */

/** Every key a {@link Reason} may have; each has a text in both languages of the messages file. */
export const REASON_KEYS = [
  // A line stored before reasons had keys, shown as it is.
  "reason.text",
  // Several reasons about one thing, one after the other.
  "reason.all",
  // Bytes → text (decode.ts, text.ts).
  "read.not_utf16",
  "read.binary_nul_bytes",
  "read.binary_nul_chars",
  "read.not_utf8",
  "read.empty",
  "read.binary_controls",
  "read.legacy_decoded",
  // Legacy TCVN3/VNI text converted (legacy.ts).
  "read.legacy_converted",
  "read.legacy_from",
  "read.legacy_from_both",
  "read.legacy_lines",
  "read.legacy_lines.one",
  "read.legacy_runs",
  "read.legacy_runs.one",
  // Content against extension (sniff.ts).
  "read.not_report_file",
  "read.content_not_text",
  "read.content_not_markdown",
  "read.content_not_extension",
  "read.content.pdf",
  "read.content.zip",
  "read.content.ole",
  "read.content.exe",
  "read.content.elf",
  "read.content.image",
  "read.content.archive",
  "read.content.html",
  "read.content.text",
  // A parser's own failure (read.ts) and the formats' readers.
  "read.parser_failed",
  "read.html_no_text",
  "read.docx_not_word",
  "read.odt_not_odt",
  "read.doc_unreadable",
  // Zip archives (zip.ts).
  "read.zip_no_directory",
  "read.zip_zip64",
  "read.zip_too_many_entries",
  "read.zip_directory_outside",
  "read.zip_bad_directory_entry",
  "read.zip_damaged_entry",
  "read.zip_entry_not_inflating",
  "read.zip_method",
  "read.zip_bomb",
  "read.zip_bomb_over",
  // PDF (pdf.ts), text that cannot be trusted (trust.ts), OCR (ocr.ts).
  "read.pdf_too_many_objects",
  "read.pdf_password",
  "read.pdf_unreadable",
  "read.pdf_too_many_pages",
  "read.pdf_no_text_layer_anywhere",
  "read.pdf_no_trustworthy_text",
  "read.pdf_page",
  "read.pdf_pages",
  "read.pdf_not_indexed",
  "read.pdf_read_by_ocr",
  "read.pdf_page_no_text_layer",
  "read.pdf_rejoined",
  "read.pdf_rejoined.one",
  "read.trust_no_text",
  "read.trust_unreadable",
  "read.trust_garbled",
  "read.ocr_no_text",
  "read.ocr_unavailable",
  "read.ocr_no_pdftoppm",
  "read.ocr_no_vietnamese",
  "read.ocr_no_tesseract",
  "read.ocr_stopped",
  "read.ocr_failed",
  // The parsing process (isolated.ts).
  "read.parser_could_not_run",
  "read.parser_out_of_memory",
  "read.parser_died",
  "read.parser_exited",
  "read.parser_timeout_s",
  "read.parser_timeout_ms",
  "read.parser_not_sent",
  "read.reader_closed",
  // The corpus stage: files in the reports folder, sidecars, cleaned text (scan.ts, report.ts).
  "corpus.not_report_file",
  "corpus.link_to_folder",
  "corpus.not_regular_file",
  "corpus.too_large",
  "corpus.unreadable",
  "corpus.unreadable_folder",
  "corpus.no_text_after_boilerplate",
  "corpus.only_title",
  "corpus.no_title",
  "corpus.sidecar_ignored",
  "corpus.sidecar_unknown_fields",
  "corpus.sidecar_bad_date",
  "corpus.sidecar_bad_url",
  "corpus.sidecar_empty_field",
  "corpus.sidecar_not_text",
  "corpus.sidecar_not_object",
  "corpus.sidecar_not_utf8",
  "corpus.sidecar_not_json",
  "corpus.sidecar_alone",
  // The ingest stage.
  "ingest.vectors_not_kept",
  // Why an operation failed: a reindex, an upload, a report's removal (src/failure.ts, the
  // reindex process, the bot's download).
  "failure.needs_fix",
  "failure.unexpected",
  "failure.with_detail",
  // File system and system resources.
  "failure.disk_full",
  "failure.no_permission",
  "failure.no_permission_path",
  "failure.no_write_permission",
  "failure.no_permission_move",
  "failure.read_only",
  "failure.in_use",
  "failure.not_found",
  "failure.too_many_open_files",
  "failure.out_of_memory",
  "failure.network",
  "failure.timeout",
  // The reindex and its process.
  "failure.stopped",
  "failure.index_busy",
  "failure.index_damaged",
  "failure.index_other_version",
  "failure.index_missing",
  "failure.model_unavailable",
  "failure.reports_folder_missing",
  "failure.reindex_out_of_memory",
  "failure.reindex_killed",
  "failure.reindex_died",
  "failure.reindex_exited",
  "failure.reindex_not_started",
  // Removing a report.
  "failure.not_in_reports_folder",
  "failure.report_gone",
  // Downloading an uploaded report from Telegram.
  "failure.download_no_path",
  "failure.download_too_large",
  "failure.download_unreachable",
  "failure.download_timeout",
  "failure.download_http",
  "failure.telegram_file_too_big",
  "failure.telegram_refused",
] as const;

/** A key of {@link REASON_KEYS}. */
export type ReasonKey = (typeof REASON_KEYS)[number];

/**
 * A value in a reason: text and numbers are shown as they are (a library's own error message stays
 * in its words), a nested reason in the reader's language, a list of them one after the other.
 */
export type ReasonParam = string | number | Reason | readonly Reason[];

/**
 * Why a file was skipped, or what a reader noted about it, one line once rendered (no file name):
 * `{ key: "read.not_utf8", params: { byte: "0xC3", at: 17 } }`. Plain data, so it crosses process
 * boundaries and is stored in the index manifest as it is.
 */
export interface Reason {
  /** A key of {@link REASON_KEYS}, or one a newer hoidap wrote (rendered as the key and its values). */
  key: string;
  params?: Readonly<Record<string, ReasonParam>>;
}

/** A reason with key `key` and the values its texts name. */
export function reason(key: ReasonKey, params?: Record<string, ReasonParam>): Reason {
  return params === undefined ? { key } : { key, params };
}

/**
 * A reason known only as a line of text: what an index written before reasons had keys holds. It
 * is shown as it is, in every language.
 */
export function textReason(text: string): Reason {
  return { key: "reason.text", params: { text } };
}

/** Reasons about one thing shown one after the other ("…; …"); a single one as it is. */
export function allReasons(reasons: readonly Reason[]): Reason {
  return reasons.length === 1 ? reasons[0]! : { key: "reason.all", params: { items: reasons } };
}

/** Whether `r` is, or starts with, a reason with key `key`. */
export function startsWithKey(r: Reason, key: ReasonKey): boolean {
  if (r.key === key) return true;
  const items = r.key === "reason.all" ? r.params?.items : undefined;
  return Array.isArray(items) && items.length > 0 && startsWithKey(items[0] as Reason, key);
}
