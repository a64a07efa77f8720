/**
 * Report files in every format, made by the tests themselves: Word files with the `docx` package,
 * Word 97–2003 files as their binary layout inside a compound file written by `cfb`, PDFs with pdfkit and the DejaVu font (Vietnamese glyphs; Debian fonts-dejavu-core), and hostile
 * files (a zip bomb, a program renamed, a PDF of thousands of pages, a scan without text).
 */
import { existsSync } from "node:fs";
import { constants, deflateRawSync, deflateSync } from "node:zlib";
import CFB from "cfb";
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import PDFDocument from "pdfkit";

/** A TrueType font with Vietnamese glyphs. */
export const VIETNAMESE_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
if (!existsSync(VIETNAMESE_FONT)) throw new Error(`${VIETNAMESE_FONT} is missing: apt-get install fonts-dejavu-core`);

/** A block of a Word file: a paragraph, a heading, a table, or a run set in a legacy font. */
export type WordBlock =
  | string
  | { heading: string; level: 1 | 2 }
  | { table: string[][] }
  | { runs: { text: string; font?: string }[] };

/** A .docx of these blocks (a string is one paragraph; "" an empty one), with core properties. */
export async function makeDocx(blocks: readonly WordBlock[], properties: { title?: string } = {}): Promise<Uint8Array> {
  const children = blocks.map((b) => {
    if (typeof b === "string") return new Paragraph({ children: b === "" ? [] : [new TextRun(b)] });
    if ("heading" in b) return new Paragraph({ text: b.heading, heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 });
    if ("runs" in b) return new Paragraph({ children: b.runs.map((r) => new TextRun({ text: r.text, ...(r.font === undefined ? {} : { font: r.font }) })) });
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: b.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph({ text: cell, alignment: AlignmentType.LEFT })] })) })),
    });
  });
  const doc = new Document({ ...(properties.title === undefined ? {} : { title: properties.title }), sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A .docx of a text report: one Word paragraph per line (empty lines as empty paragraphs). */
export function docxOfText(text: string): Promise<Uint8Array> {
  return makeDocx(text.replace(/\r\n/g, "\n").split("\n"));
}

/** Pages of a PDF: each a list of paragraphs ("" = a blank line's space). */
export type PdfPages = string[][];

/** Collects a pdfkit document into bytes. */
function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}

/** A PDF with these pages of paragraphs, set in DejaVu Sans 11 pt, with a title property. */
export function makePdf(pages: PdfPages, info: { title?: string } = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { ...(info.title === undefined ? {} : { Title: info.title }) }, compress: true });
  doc.font(VIETNAMESE_FONT);
  for (const paragraphs of pages) {
    doc.addPage();
    doc.font(VIETNAMESE_FONT).fontSize(11);
    writeParagraphs(doc, paragraphs);
  }
  return collect(doc);
}

function writeParagraphs(doc: PDFKit.PDFDocument, paragraphs: readonly string[]): void {
  for (const p of paragraphs) {
    if (p === "") doc.moveDown(1);
    else doc.text(p, { paragraphGap: 5 });
  }
}

/** A PDF of a text report: one PDF paragraph per line, a blank line as space; pages break where they fill. */
export function pdfOfText(text: string): Promise<Uint8Array> {
  const doc = new PDFDocument({ compress: true });
  doc.font(VIETNAMESE_FONT).fontSize(11);
  writeParagraphs(doc, text.replace(/\r\n/g, "\n").split("\n"));
  return collect(doc);
}

/** A PDF whose pages hold only an image (what a scanner makes): no text layer. */
export function scannedPdf(pages: number): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const png = grayPng(64, 64);
  for (let i = 0; i < pages; i++) {
    doc.addPage();
    doc.image(Buffer.from(png), 72, 72, { width: 300 });
  }
  return collect(doc);
}

/**
 * A PDF of `pages` pages, each showing one short line, written by hand: every page shares one
 * content stream, so even thousands of pages take milliseconds to make.
 */
export function longPdf(pages: number): Uint8Array {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const content = "BT /F1 12 Tf 72 720 Td (Trang bao cao) Tj ET";
  objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  for (let i = 0; i < pages; i++) objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>");
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** The start of a Windows program: "MZ" and a PE header stub. */
export function windowsProgram(): Uint8Array {
  const bytes = new Uint8Array(4096);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  bytes.set(new TextEncoder().encode("This program cannot be run in DOS mode."), 0x4e);
  return bytes;
}

/**
 * A zip bomb shaped like a Word file: a real [Content_Types].xml and a word/document.xml whose data
 * inflates to `inflatedMb` MB of zeros while it declares 1000 bytes (declared sizes cannot be
 * trusted). The data is one compressed MB of zeros repeated: each copy is flushed to a byte
 * boundary without a final block, so copies concatenate into one valid deflate stream, and the
 * bomb is built in milliseconds.
 */
export function zipBomb(inflatedMb: number): Uint8Array {
  const megabyte = deflateRawSync(new Uint8Array(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const end = deflateRawSync(new Uint8Array(0)); // an empty final block
  const data = new Uint8Array(Buffer.concat([...Array.from({ length: inflatedMb }, () => megabyte), end]));
  const types = new TextEncoder().encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  return zip([
    { name: "[Content_Types].xml", data: deflateRawSync(types), declared: types.length },
    { name: "word/document.xml", data, declared: 1000 },
  ]);
}

/** A zip (deflated entries) of these files, e.g. an OpenDocument text. */
export function makeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  return zip(
    Object.entries(files).map(([name, content]) => {
      const raw = typeof content === "string" ? new TextEncoder().encode(content) : content;
      return { name, data: deflateRawSync(raw), declared: raw.length };
    }),
  );
}

/**
 * A Word 97–2003 .doc holding `paragraphs` as one piece of UTF-16 text: the WordDocument stream
 * (its FIB — magic 0xA5EC, the 1Table flag, the body's length in characters, where the piece table
 * is — then the text) and the 1Table stream (the piece table), in an OLE compound file. Only what a
 * reader needs to find the body text; Word itself would want styles and fonts as well.
 */
export function makeDoc(paragraphs: readonly string[]): Uint8Array {
  const text = `${paragraphs.join("\r")}\r`;
  const TEXT_AT = 0x800;
  // Padded past 4 KB so that the stream lives in regular sectors, as in Word's own files.
  const word = Buffer.alloc(Math.max(4096, TEXT_AT + 2 * text.length));
  word.writeUInt16LE(0xa5ec, 0x00); // wIdent
  word.writeUInt16LE(0x00c1, 0x02); // nFib: Word 97
  word.writeUInt16LE(0x0200, 0x0a); // fWhichTblStm: the table stream is 1Table
  word.writeUInt16LE(14, 0x20); // csw
  word.writeUInt16LE(22, 0x3e); // cslw
  word.writeUInt32LE(text.length, 0x4c); // ccpText
  word.writeUInt16LE(93, 0x98); // cbRgFcLcb
  word.write(text, TEXT_AT, "utf16le");
  // The piece table: the Clx's one Pcdt, CPs [0, n] and one piece whose fc (no 0x40000000 bit) says UTF-16 at TEXT_AT.
  const table = Buffer.alloc(1 + 4 + 8 + 8);
  table.writeUInt8(0x02, 0);
  table.writeUInt32LE(16, 1);
  table.writeUInt32LE(0, 5);
  table.writeUInt32LE(text.length, 9);
  table.writeUInt32LE(TEXT_AT, 13 + 2);
  word.writeUInt32LE(0, 0x1a2); // fcClx
  word.writeUInt32LE(table.length, 0x1a6); // lcbClx
  const file = CFB.utils.cfb_new();
  CFB.utils.cfb_add(file, "WordDocument", word);
  CFB.utils.cfb_add(file, "1Table", table);
  return new Uint8Array(CFB.write(file, { type: "buffer" }) as Buffer);
}

/** An .odt whose content.xml body is `body` (office:text children), with a title in meta.xml. */
export function makeOdt(body: string, title?: string): Uint8Array {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"';
  return makeZip({
    mimetype: "application/vnd.oasis.opendocument.text",
    "content.xml": `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
    "meta.xml": `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${ns}><office:meta>${title === undefined ? "" : `<dc:title>${title}</dc:title>`}<meta:creation-date>2021-03-04T08:00:00</meta:creation-date></office:meta></office:document-meta>`,
  });
}

/** A stored-or-deflated zip of these entries (CRCs are not checked by the readers under test, so they are zero). */
function zip(entries: { name: string; data: Uint8Array; declared: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.declared, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, 8, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, e.declared, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const dirSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]));
}

/** A grey PNG (8-bit greyscale), for image-only pages. */
function grayPng(width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 4 + y * 2) & 0xff;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new DataView(new ArrayBuffer(13));
  header.setUint32(0, width);
  header.setUint32(4, height);
  header.setUint8(8, 8);
  header.setUint8(9, 0);
  return new Uint8Array(Buffer.concat([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", new Uint8Array(header.buffer)), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array())]));
}

/**
 * A scan of a printed page, made the way a scanner would: the text page rendered to an image
 * (pdftoppm, poppler-utils), and that image alone put on a PDF page. Small page, large type, so
 * OCR of it takes a moment.
 */
export async function scanOfText(lines: readonly string[]): Promise<Uint8Array> {
  const { execFile } = await import("node:child_process");
  const { mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
  const os = await import("node:os");
  const path = await import("node:path");
  const size: [number, number] = [460, 40 + 30 * lines.length];
  const printed = new PDFDocument({ size, margin: 20 });
  printed.font(VIETNAMESE_FONT).fontSize(16);
  for (const line of lines) printed.text(line);
  const pdf = await collect(printed);
  const dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-scan-"));
  try {
    await writeFile(path.join(dir, "p.pdf"), pdf);
    await new Promise<void>((resolve, reject) =>
      execFile("pdftoppm", ["-r", "200", "-gray", "-png", "-singlefile", path.join(dir, "p.pdf"), path.join(dir, "p")], (e) => (e ? reject(e) : resolve())),
    );
    const png = await readFile(path.join(dir, "p.png"));
    const scan = new PDFDocument({ size, margin: 0 });
    scan.image(png, 0, 0, { width: size[0], height: size[1] });
    return await collect(scan);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
