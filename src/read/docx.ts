/**
 * .docx → report text, with mammoth. Chosen over reading word/document.xml by hand after trying
 * both: mammoth already turns tables into rows, Word's heading styles into headings, and handles
 * the parts a hand-written reader would miss (hyperlinks, fields, numbering, text boxes), and its
 * document transform exposes each run's font, which is what legacy TCVN3/VNI text is known by.
 * The archive is opened with caps first (zip.ts); mammoth gets it only when that passes.
 */
import mammoth from "mammoth";
import { parseHTML } from "linkedom";
import { linesFromHtml } from "./html-blocks.ts";
import { describeConversion, fromTcvn3, fromVni, legacyFont, repairLegacyLines } from "./legacy.ts";
import { propertyDate, usableTitle, xmlElementText } from "./properties.ts";
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import type { ReadLimits, ReadResult } from "./types.ts";
import { openZip } from "./zip.ts";

/** Word styles that are headings but not in mammoth's default map. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/** Reads a Word 2007+ document. */
export async function readDocx(bytes: Uint8Array, limits: ReadLimits): Promise<ReadResult> {
  const zip = openZip(bytes, { maxEntries: limits.maxZipEntries, maxTotalBytes: limits.maxUnzippedBytes }, isXmlPart);
  if (!zip.ok) return zip;
  if (!zip.entries.has("word/document.xml")) return { ok: false, reason: reason("read.docx_not_word") };

  let legacyRuns = { tcvn3: 0, vni: 0 };
  const html = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      styleMap: STYLE_MAP,
      ignoreEmptyParagraphs: false,
      // Images carry no report text; mammoth would otherwise inline each one as base64.
      convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      transformDocument: (document: unknown) => {
        legacyRuns = convertLegacyRuns(document);
        return document;
      },
    },
  );
  const { document } = parseHTML(`<!doctype html><html><body>${html.value}</body></html>`);
  const lines = linesFromHtml(document.body as never, true);
  // Legacy text in fonts not named like legacy fonts (pasted, restyled) is found by its look.
  const repaired = repairLegacyLines(lines.text);
  const notes: Reason[] = [];
  const converted = { tcvn3: legacyRuns.tcvn3 + (repaired.converted.tcvn3 ?? 0), vni: legacyRuns.vni + (repaired.converted.vni ?? 0) };
  const note = describeConversion(converted, "runs");
  if (note !== undefined) notes.push(note);

  const core = zip.entries.get("docProps/core.xml");
  const coreXml = core === undefined ? "" : new TextDecoder().decode(core);
  const title = usableTitle(xmlElementText(coreXml, "title"));
  const date = propertyDate(xmlElementText(coreXml, "created"));
  return {
    ok: true,
    report: {
      format: "docx",
      text: repaired.text,
      headings: lines.headings,
      notes,
      ...(title === undefined ? {} : { title }),
      ...(date === undefined ? {} : { date }),
    },
  };
}

/** mammoth's document model, as far as it is walked here. */
interface DocElement {
  type?: string;
  font?: string | null;
  value?: string;
  children?: DocElement[];
}

/** Converts, in place, the text of runs set in a TCVN3 or VNI font; counts them. */
function convertLegacyRuns(root: unknown): { tcvn3: number; vni: number } {
  const counts = { tcvn3: 0, vni: 0 };
  const visit = (el: DocElement) => {
    if (el.type === "run") {
      const legacy = legacyFont(el.font ?? undefined);
      if (legacy !== undefined) {
        let changed = false;
        for (const child of el.children ?? []) {
          if (child.type === "text" && typeof child.value === "string" && /[^\x00-\x7f]/.test(child.value)) {
            child.value = legacy.encoding === "tcvn3" ? fromTcvn3(child.value, legacy.upper) : fromVni(child.value);
            changed = true;
          } else if (child.type === "text" && legacy.upper && typeof child.value === "string") {
            child.value = child.value.toUpperCase();
          }
        }
        if (changed) counts[legacy.encoding]++;
      }
    }
    for (const child of el.children ?? []) visit(child);
  };
  visit(root as DocElement);
  return counts;
}

/** The parts the parser reads (XML and relationships); images and other media are never inflated. */
function isXmlPart(name: string): boolean {
  return /\.(?:xml|rels)$/i.test(name);
}
