/**
 * OCR of scanned PDF pages, when the server has it: tesseract with its Vietnamese data ("vie") and
 * poppler's pdftoppm to render a page as an image (Debian: tesseract-ocr tesseract-ocr-vie
 * poppler-utils). Nothing else depends on it: without them, scanned pages are reported, not read.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";

/** Resolution pages are rendered at: enough for 10-point print, small enough to stay quick. */
const DPI = 200;

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

let availability: Promise<Reason | undefined> | undefined;

/** `undefined` when OCR can run here, else what is missing. Checked once per process. */
export function ocrMissing(): Promise<Reason | undefined> {
  availability ??= (async () => {
    try {
      await run("pdftoppm", ["-v"], 10_000);
    } catch {
      return reason("read.ocr_no_pdftoppm");
    }
    try {
      const langs = await run("tesseract", ["--list-langs"], 10_000);
      if (!/^vie$/m.test(langs)) return reason("read.ocr_no_vietnamese");
    } catch {
      return reason("read.ocr_no_tesseract");
    }
    return undefined;
  })();
  return availability;
}

/** A PDF written to a temporary folder so the command-line tools can read its pages. */
export interface OcrSession {
  /** The page's text as OCR reads it: one line per paragraph. */
  readPage(page: number, timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

/** Opens an OCR session for a PDF's bytes. */
export async function openOcrSession(pdf: Uint8Array): Promise<OcrSession> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-ocr-"));
  const file = path.join(dir, "in.pdf");
  await writeFile(file, pdf);
  return {
    async readPage(page, timeoutMs) {
      const image = path.join(dir, `p${page}`);
      await run("pdftoppm", ["-f", String(page), "-l", String(page), "-r", String(DPI), "-gray", "-png", "-singlefile", file, image], timeoutMs);
      await run("tesseract", [`${image}.png`, path.join(dir, `p${page}`), "-l", "vie"], timeoutMs);
      const text = await readFile(path.join(dir, `p${page}.txt`), "utf8");
      await rm(`${image}.png`, { force: true });
      // tesseract writes one line per printed line and a blank line between paragraphs.
      return text
        .split(/\n\s*\n/u)
        .map((p) => p.replace(/\s+/gu, " ").trim())
        .filter((p) => p !== "")
        .join("\n")
        .normalize("NFC");
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
