/**
 * One document's text (from the read stage) → a {@link Report}: normalised, stripped of page
 * chrome, with its metadata from the document's properties or detected from the text, overridden
 * by its sidecar, and the page and section of each paragraph where the format has them. Pure: no
 * file system, so tests and uploads can feed text or bytes directly.
 *
 * Whoever changes what this yields for a file (decoding, cleaning, metadata) bumps READER_VERSION in
 * `stamp.ts`: a reindex skips reports whose files did not change, and would keep their old text.
 */
import path from "node:path";
import { cutRelatedNews, isBoilerplateLine, stripPhotoSuffix, stripSourceTag } from "./boilerplate.ts";
import { readTextFile, reason } from "../read/mod.ts";
import type { ReportText } from "../read/mod.ts";
import { contentHash } from "./hash.ts";
import { detectHeader, detectTrailingAuthor } from "./header.ts";
import { normalizeLines, stripMarkdown } from "./lines.ts";
import { joinParagraphs } from "./paragraphs.ts";
import { placesOf } from "./places.ts";
import { parseSidecar, sidecarPathFor } from "./sidecar.ts";
import type { FileWarning, Report, ReportMeta, SkippedFile, TextSpan } from "./types.ts";

/** A document that became a report (with warnings that did not stop it), or why it was skipped. */
export type ReadOutcome = { ok: true; report: Report; warnings: FileWarning[] } | { ok: false; skipped: SkippedFile };

/** Body paragraphs that may open with an outlet tag ("(CAO)", "ANTD.VN -"): the lead, after a photo caption or two. */
const LEAD_PARAGRAPHS = 3;

/**
 * Reads one plain-text report (.txt, or .md when `file` says so) from its bytes. `file` is the
 * path relative to the seeds directory (forward slashes; it becomes the report's id). `sidecar` is
 * the parsed JSON of `NAME.meta.json` when one exists; an invalid one is ignored with a warning,
 * and the detected metadata is used.
 * Other formats are read by the read stage first, then given to {@link reportFromText}.
 */
export function readReport(bytes: Uint8Array, file: string, sidecar?: unknown): ReadOutcome {
  const read = readTextFile(bytes, /\.md$/i.test(file) ? "md" : "txt");
  if (!read.ok) return { ok: false, skipped: { file, reason: read.reason } };
  return reportFromText(read.report, file, sidecar);
}

/**
 * A report from the text a reader gave (see {@link readReport} for `file` and `sidecar`). The
 * title and date the document's properties state come before those detected in the text (the
 * text's own date line still wins over a file's creation date); the reader's notes (legacy text
 * converted, pages not indexed) become warnings.
 */
export function reportFromText(source: ReportText, file: string, sidecar?: unknown): ReadOutcome {
  const cleaned = cleanText(source.text, source.format === "md");
  if (cleaned.body.length === 0) {
    return { ok: false, skipped: { file, reason: reason(cleaned.title === undefined ? "corpus.no_text_after_boilerplate" : "corpus.only_title") } };
  }

  const warnings: FileWarning[] = source.notes.map((note) => ({ file, reason: note }));
  let title = source.title ?? cleaned.title;
  if (title === undefined) {
    title = path.posix.basename(file).replace(/\.[^./]+$/, "");
    warnings.push({ file, reason: reason("corpus.no_title") });
  }
  const date = cleaned.date ?? source.date;
  const meta: ReportMeta = { title, date, dateText: cleaned.date === undefined ? undefined : cleaned.dateText, author: cleaned.author };

  if (sidecar !== undefined) {
    const parsed = parseSidecar(sidecar);
    if (!parsed.ok) {
      warnings.push({ file: sidecarPathFor(file), reason: reason("corpus.sidecar_ignored", { problem: parsed.reason }) });
    } else {
      const s = parsed.sidecar;
      if (s.title !== undefined) meta.title = s.title;
      if (s.date !== undefined && s.date !== meta.date) {
        meta.date = s.date;
        meta.dateText = undefined; // the text's own wording no longer describes this date
      }
      if (s.author !== undefined) meta.author = s.author;
      if (s.url !== undefined) meta.url = s.url;
      if (s.organisation !== undefined) meta.organisation = s.organisation;
    }
  }

  const text = cleaned.body.join("\n\n");
  const paragraphs: TextSpan[] = [];
  let offset = 0;
  for (const p of cleaned.body) {
    paragraphs.push({ start: offset, end: offset + p.length });
    offset += p.length + 2;
  }
  const places = placesOf(source, text, paragraphs);
  const report: Report = {
    id: file,
    file,
    ...withoutUndefined(meta),
    text,
    paragraphs,
    contentHash: contentHash(file, meta, text, places),
    ...(source.format === "txt" ? {} : { format: source.format }),
    ...(places === undefined ? {} : { places }),
  };
  return { ok: true, report, warnings };
}

/** Cleaned body paragraphs and the metadata the text states. */
export interface CleanedText {
  title?: string;
  date?: string;
  dateText?: string;
  author?: string;
  body: string[];
}

/**
 * The cleaning pipeline on decoded text: normalise characters and lines, drop widget lines (keeping
 * their place as a paragraph break), strip caption "ảnh N" suffixes, build paragraphs, cut a trailing
 * related-news section, take title/date/byline from the top and a byline from the end, and remove
 * the outlet tag from the lead.
 */
export function cleanText(text: string, markdown = false): CleanedText {
  let lines = normalizeLines(text);
  if (markdown) lines = stripMarkdown(lines);
  lines = lines.map((line) => (line === "" || isBoilerplateLine(line) ? "" : stripPhotoSuffix(line)));
  const header = detectHeader(cutRelatedNews(joinParagraphs(lines)));
  const trailing = detectTrailingAuthor(header.body);
  const body = [...trailing.body];
  const lead = body.slice(0, LEAD_PARAGRAPHS).findIndex((p) => stripSourceTag(p) !== p);
  if (lead >= 0) body[lead] = stripSourceTag(body[lead]!);
  return { title: header.title, date: header.date, dateText: header.dateText, author: header.author ?? trailing.author, body };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
