/**
 * One document's bytes → a {@link Report}: decoded, normalised, stripped of page chrome, with its
 * metadata detected from the text and overridden by its sidecar. Pure: no file system, so tests
 * and uploads can feed bytes directly.
 *
 * Whoever changes what this yields for a file (decoding, cleaning, metadata) bumps READER_VERSION in
 * `stamp.ts`: a reindex skips reports whose files did not change, and would keep their old text.
 */
import path from "node:path";
import { cutRelatedNews, isBoilerplateLine, stripPhotoSuffix, stripSourceTag } from "./boilerplate.ts";
import { decodeText } from "./decode.ts";
import { contentHash } from "./hash.ts";
import { detectHeader, detectTrailingAuthor } from "./header.ts";
import { normalizeLines, stripMarkdown } from "./lines.ts";
import { joinParagraphs } from "./paragraphs.ts";
import { parseSidecar, sidecarPathFor } from "./sidecar.ts";
import type { Report, ReportMeta, SkippedFile, TextSpan } from "./types.ts";

/** A document that became a report (with warnings that did not stop it), or why it was skipped. */
export type ReadOutcome = { ok: true; report: Report; warnings: string[] } | { ok: false; skipped: SkippedFile };

/** Body paragraphs that may open with an outlet tag ("(CAO)", "ANTD.VN -"): the lead, after a photo caption or two. */
const LEAD_PARAGRAPHS = 3;

/**
 * Reads one report from its bytes. `file` is the path relative to the seeds directory (forward
 * slashes; it becomes the report's id). `sidecar` is the parsed JSON of `NAME.meta.json` when one
 * exists; an invalid one is ignored with a warning, and the detected metadata is used.
 * Warnings are one line each, `"<file>: <reason>"`.
 */
export function readReport(bytes: Uint8Array, file: string, sidecar?: unknown): ReadOutcome {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, skipped: { file, reason: decoded.reason } };

  const cleaned = cleanText(decoded.text, /\.md$/i.test(file));
  if (cleaned.body.length === 0) {
    const reason = cleaned.title === undefined ? "no report text after removing page boilerplate" : "no report text besides its title";
    return { ok: false, skipped: { file, reason } };
  }

  const warnings: string[] = [];
  let title = cleaned.title;
  if (title === undefined) {
    title = path.posix.basename(file).replace(/\.(?:txt|md)$/i, "");
    warnings.push(`${file}: no title line found; the file name is used as its title`);
  }
  const meta: ReportMeta = { title, date: cleaned.date, dateText: cleaned.dateText, author: cleaned.author };

  if (sidecar !== undefined) {
    const parsed = parseSidecar(sidecar);
    if (!parsed.ok) {
      warnings.push(`${sidecarPathFor(file)}: ignored (${parsed.reason}); the metadata found in the text is used`);
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
  const report: Report = {
    id: file,
    file,
    ...withoutUndefined(meta),
    text,
    paragraphs,
    contentHash: contentHash(file, meta, text),
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
