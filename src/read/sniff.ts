/**
 * Which reader a file needs, decided by its content (magic bytes) as well as its extension: a
 * file whose content does not match its extension is refused with a reason, so a program renamed
 * ".pdf" is never handed to a parser, and a report saved with the wrong extension says so.
 */
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import type { ReportFormat } from "./types.ts";

/** File extensions hoidap reads (lower case, with the dot), and the format each means. */
export const REPORT_EXTENSIONS: Readonly<Record<string, ReportFormat>> = {
  ".txt": "txt",
  ".md": "md",
  ".docx": "docx",
  ".pdf": "pdf",
  ".doc": "doc",
  ".html": "html",
  ".htm": "html",
  ".odt": "odt",
};

/** The format a file name's extension claims, or `undefined` when hoidap does not read it. */
export function formatOfName(name: string): ReportFormat | undefined {
  const m = /\.[^./\\]+$/.exec(name);
  return m === null ? undefined : REPORT_EXTENSIONS[m[0].toLowerCase()];
}

/** What the bytes are, as far as the first bytes tell. */
type Content = "pdf" | "zip" | "ole" | "exe" | "elf" | "image" | "archive" | "html" | "text";

/** What the content is, in the reader's words ("a PDF", "một tệp PDF"). */
function contentName(content: Content): Reason {
  return reason(`read.content.${content}`);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function contentOf(bytes: Uint8Array): Content {
  // "%PDF-" may follow a little junk (the PDF reference allows it within the first 1024 bytes).
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  if (startsWith(bytes, [0x4d, 0x5a])) return "exe";
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return "elf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "image";
  if (startsWith(bytes, [0x1f, 0x8b]) || startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return "archive";
  if (/^(?:\ufeff|\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)/i.test(head)) return "html";
  return "text";
}

/** The reader for a file, or why it is refused. */
export type Sniffed = { ok: true; format: ReportFormat } | { ok: false; reason: Reason };

/**
 * The format to read `bytes` as, given the file's `name`. Text formats accept any content a text
 * reader can judge (it refuses binary itself); the others need the matching magic bytes. A zip is
 * told apart as docx or odt by the reader, which opens it anyway.
 */
export function sniffFormat(bytes: Uint8Array, name: string): Sniffed {
  const claimed = formatOfName(name);
  if (claimed === undefined) return { ok: false, reason: reason("read.not_report_file", { extensions: Object.keys(REPORT_EXTENSIONS).join(" ") }) };
  const content = contentOf(bytes);
  const expected: Partial<Record<ReportFormat, Content[]>> = {
    pdf: ["pdf"],
    docx: ["zip"],
    odt: ["zip"],
    doc: ["ole"],
    html: ["html", "text"],
  };
  const fits = expected[claimed];
  if (fits === undefined) {
    // .txt/.md: programs, images and archives are refused by name rather than as "binary file".
    if (["pdf", "zip", "ole", "exe", "elf", "image", "archive"].includes(content)) {
      return { ok: false, reason: reason(claimed === "md" ? "read.content_not_markdown" : "read.content_not_text", { content: contentName(content) }) };
    }
    return { ok: true, format: claimed };
  }
  if (!fits.includes(content)) {
    const ext = /\.[^./\\]+$/.exec(name)![0].toLowerCase();
    return { ok: false, reason: reason("read.content_not_extension", { content: contentName(content), extension: ext }) };
  }
  return { ok: true, format: claimed };
}
