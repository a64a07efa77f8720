/**
 * .pdf → report text with pages, with unpdf (a build of Mozilla's pdf.js that runs in Node without
 * a worker or a canvas; chosen over pdfjs-dist itself, which needs its legacy build, a worker
 * set-up and a DOM shim for the same text API). pdf.js gives positioned pieces of text; lines and
 * paragraphs are rebuilt from their positions (pdf-lines.ts), syllables split by the layout are
 * rejoined (rejoin.ts), legacy TCVN3/VNI text is converted, and pages with no text layer or with
 * untrustworthy text are reported by page — and read by OCR where the server has it.
 */
import { getDocumentProxy } from "unpdf";
import { describeConversion, repairLegacyLines } from "./legacy.ts";
import { ocrMissing, openOcrSession } from "./ocr.ts";
import type { OcrSession } from "./ocr.ts";
import { joinToNextPage, joinsOf, linesOf, withoutPageNumbers } from "./pdf-lines.ts";
import type { Join, TextPiece } from "./pdf-lines.ts";
import { propertyDate, usableTitle } from "./properties.ts";
import { allReasons, reason, startsWithKey } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import { rejoinSplitSyllables, wordCounts } from "./rejoin.ts";
import { distrust } from "./trust.ts";
import type { ReadLimits, ReadResult } from "./types.ts";

/** A page as read: its text, or why it has none worth indexing. */
type PageOutcome = { page: number; text: string; next: Join; ocr?: boolean } | { page: number; problem: Reason };

/** Reads a PDF. */
export async function readPdf(bytes: Uint8Array, limits: ReadLimits): Promise<ReadResult> {
  const objects = declaredObjects(bytes);
  if (objects > limits.maxPdfObjects) return { ok: false, reason: reason("read.pdf_too_many_objects", { objects, limit: limits.maxPdfObjects }) };

  let pdf: PdfDocument;
  try {
    // pdf.js takes the buffer over; a copy keeps the caller's bytes (OCR needs them).
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0, stopAtErrors: false });
  } catch (error) {
    const e = error as Error;
    if (e.name === "PasswordException") return { ok: false, reason: reason("read.pdf_password") };
    return { ok: false, reason: reason("read.pdf_unreadable", { error: e.message.split("\n")[0]! }) };
  }
  try {
    if (pdf.numPages > limits.maxPdfPages) return { ok: false, reason: reason("read.pdf_too_many_pages", { pages: pdf.numPages, limit: limits.maxPdfPages }) };
    const pages = await extractPages(pdf);
    const notes = repairPages(pages);
    const withOcr = await ocrPages(bytes, pages, limits);
    const readable = withOcr.pages.filter((p): p is ReadPage => "text" in p);
    if (readable.length === 0) {
      const scanned = withOcr.pages.every((p) => "problem" in p && startsWithKey(p.problem, "read.pdf_page_no_text_layer"));
      const why = scanned
        ? reason("read.pdf_no_text_layer_anywhere", { pages: pdf.numPages })
        : reason("read.pdf_no_trustworthy_text", { pages: pdf.numPages, problems: pageNotes(withOcr.pages, (problem) => problem) });
      return { ok: false, reason: allReasons([why, ...withOcr.notes]) };
    }
    notes.push(...problemNotes(withOcr.pages), ...withOcr.notes);

    const meta = await pdf.getMetadata().catch(() => undefined);
    const info = (meta?.info ?? {}) as { Title?: unknown; CreationDate?: unknown };
    const title = usableTitle(typeof info.Title === "string" ? info.Title : undefined);
    const date = propertyDate(typeof info.CreationDate === "string" ? info.CreationDate : undefined);
    const ocrPageNumbers = readable.filter((p) => p.ocr === true).map((p) => p.page);
    return {
      ok: true,
      report: {
        format: "pdf",
        ...joinPages(readable),
        ...(ocrPageNumbers.length > 0 ? { ocrPages: ocrPageNumbers } : {}),
        notes,
        ...(title === undefined ? {} : { title }),
        ...(date === undefined ? {} : { date }),
      },
    };
  } finally {
    await pdf.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;
type ReadPage = Extract<PageOutcome, { text: string }>;

/** Each page's text rebuilt from its positioned pieces, or "no text layer". */
async function extractPages(pdf: PdfDocument): Promise<PageOutcome[]> {
  const pages: PageOutcome[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    page.cleanup();
    const pieces: TextPiece[] = [];
    for (const item of content.items) {
      if (!("str" in item)) continue;
      const t = item.transform as number[];
      pieces.push({ str: item.str, x: t[4]!, y: t[5]!, width: item.width, size: Math.hypot(t[2]!, t[3]!), hasEOL: item.hasEOL });
    }
    const lines = withoutPageNumbers(linesOf(pieces));
    if (lines.length === 0) {
      pages.push({ page: n, problem: reason("read.pdf_page_no_text_layer") });
      continue;
    }
    const joins = joinsOf(lines);
    pages.push({ page: n, text: lines.map((l, i) => (i === 0 ? l.text : joins[i - 1] + l.text)).join(""), next: joinToNextPage(lines) });
  }
  return pages;
}

/**
 * In place: legacy TCVN3/VNI text converted (first: the syllable checks read its letters), split
 * syllables rejoined with the whole document's words as evidence, and pages whose text still
 * cannot be trusted turned into problems. Returns the notes for the index report.
 */
function repairPages(pages: PageOutcome[]): Reason[] {
  const notes: Reason[] = [];
  const converted: Partial<Record<"tcvn3" | "vni", number>> = {};
  for (const [i, p] of pages.entries()) {
    if (!("text" in p)) continue;
    const repaired = repairLegacyLines(p.text);
    pages[i] = { ...p, text: repaired.text };
    for (const [encoding, n] of Object.entries(repaired.converted) as ["tcvn3" | "vni", number][]) converted[encoding] = (converted[encoding] ?? 0) + n;
  }
  const conversion = describeConversion(converted);
  if (conversion !== undefined) notes.push(conversion);
  const counts = wordCounts(pages.flatMap((p) => ("text" in p ? [p.text] : [])));
  let rejoined = 0;
  for (const [i, p] of pages.entries()) {
    if (!("text" in p)) continue;
    const r = rejoinSplitSyllables(p.text, counts);
    rejoined += r.rejoined;
    const problem = distrust(r.text);
    pages[i] = problem === undefined ? { ...p, text: r.text } : { page: p.page, problem };
  }
  if (rejoined > 0) notes.push(reason(rejoined === 1 ? "read.pdf_rejoined.one" : "read.pdf_rejoined", { count: rejoined }));
  return notes;
}

/** The readable pages as one text, with where each starts; a paragraph running over a page break stays one. */
function joinPages(readable: readonly ReadPage[]): { text: string; pages: number[]; pageNumbers: number[] } {
  let text = "";
  const pages: number[] = [];
  const pageNumbers: number[] = [];
  let previous: ReadPage | undefined;
  for (const p of readable) {
    if (previous !== undefined) text += previous.page === p.page - 1 ? previous.next : "\n";
    pages.push(text.length);
    pageNumbers.push(p.page);
    text += p.text;
    previous = p;
  }
  return { text, pages, pageNumbers };
}

/** The pages without text, read by OCR where it is installed (and allowed); notes on what happened. */
async function ocrPages(bytes: Uint8Array, pages: PageOutcome[], limits: ReadLimits): Promise<{ pages: PageOutcome[]; notes: Reason[] }> {
  const wanting = pages.filter((p) => "problem" in p);
  if (wanting.length === 0) return { pages, notes: [] };
  if (!limits.ocr) return { pages, notes: [] };
  const missing = await ocrMissing();
  if (missing !== undefined) return { pages, notes: [reason("read.ocr_unavailable", { missing })] };
  const notes: Reason[] = [];
  let session: OcrSession | undefined;
  const out = [...pages];
  try {
    session = await openOcrSession(bytes);
    let done = 0;
    for (const p of wanting) {
      if (done >= limits.maxOcrPages) {
        notes.push(reason("read.ocr_stopped", { limit: limits.maxOcrPages }));
        break;
      }
      done++;
      const text = await session.readPage(p.page, limits.timeoutMs);
      const problem = text.trim() === "" ? reason("read.ocr_no_text") : distrust(text);
      const i = out.findIndex((o) => o.page === p.page);
      out[i] = problem === undefined ? { page: p.page, text, next: "\n", ocr: true } : { page: p.page, problem: allReasons([(p as { problem: Reason }).problem, problem]) };
    }
  } catch (error) {
    notes.push(reason("read.ocr_failed", { error: (error as Error).message.split("\n")[0]! }));
  } finally {
    await session?.close();
  }
  return { pages: out, notes };
}

/** One note per run of consecutive pages with the same outcome: "pages 4–7: no text layer (scanned?); not indexed". */
function problemNotes(pages: PageOutcome[]): Reason[] {
  return pageNotes(pages, (problem) => reason("read.pdf_not_indexed", { problem }));
}

/**
 * One note per run of consecutive pages with the same outcome: a page's problem as `problem` says
 * it, or that OCR read it.
 */
function pageNotes(pages: PageOutcome[], problem: (p: Reason) => Reason): Reason[] {
  const runs: { from: number; to: number; what: Reason; same: string }[] = [];
  for (const p of pages) {
    const what = "problem" in p ? problem(p.problem) : p.ocr === true ? reason("read.pdf_read_by_ocr") : undefined;
    if (what === undefined) continue;
    const same = JSON.stringify(what);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.same === same && last.to === p.page - 1) last.to = p.page;
    else runs.push({ from: p.page, to: p.page, what, same });
  }
  return runs.map((r) => (r.from === r.to ? reason("read.pdf_page", { page: r.from, what: r.what }) : reason("read.pdf_pages", { from: r.from, to: r.to, what: r.what })));
}

/**
 * The object count a PDF declares in its trailers ("/Size N"), read from the raw bytes before
 * pdf.js parses anything: a file declaring millions of objects is refused up front.
 */
function declaredObjects(bytes: Uint8Array): number {
  const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.length - 65_536)));
  let max = 0;
  for (const m of tail.matchAll(/\/Size\s+(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}
