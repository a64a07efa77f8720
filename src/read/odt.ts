/**
 * .odt (OpenDocument text, LibreOffice's format) → report text: content.xml read with linkedom's
 * XML parser — headings (text:h), paragraphs (text:p), table rows — and the title and date from
 * meta.xml. Cheap to support: it is a zip (opened with the same caps as .docx) of plain XML.
 */
import { DOMParser } from "linkedom";
import { addBreak, addHeading, addLine, addRow, finishLines, lineBuffer } from "./lines.ts";
import type { LineBuffer } from "./lines.ts";
import { describeConversion, repairLegacyLines } from "./legacy.ts";
import { propertyDate, usableTitle, xmlElementText } from "./properties.ts";
import { reason } from "./reasons.ts";
import type { ReadLimits, ReadResult } from "./types.ts";
import { openZip } from "./zip.ts";

interface XmlNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
  getAttribute?(name: string): string | null;
}

/** Reads an OpenDocument text file. */
export function readOdt(bytes: Uint8Array, limits: ReadLimits): ReadResult {
  const zip = openZip(bytes, { maxEntries: limits.maxZipEntries, maxTotalBytes: limits.maxUnzippedBytes }, isXmlPart);
  if (!zip.ok) return zip;
  const content = zip.entries.get("content.xml");
  if (content === undefined) return { ok: false, reason: reason("read.odt_not_odt") };
  const xml = new DOMParser().parseFromString(new TextDecoder().decode(content), "text/xml") as unknown as { documentElement: XmlNode };
  const buffer = lineBuffer();
  walk(xml.documentElement, buffer);
  const lines = finishLines(buffer);
  const repaired = repairLegacyLines(lines.text);
  const note = describeConversion(repaired.converted);
  const meta = zip.entries.get("meta.xml");
  const metaXml = meta === undefined ? "" : new TextDecoder().decode(meta);
  const title = usableTitle(xmlElementText(metaXml, "title"));
  const date = propertyDate(xmlElementText(metaXml, "creation-date"));
  return {
    ok: true,
    report: {
      format: "odt",
      text: repaired.text,
      headings: lines.headings,
      notes: note === undefined ? [] : [note],
      ...(title === undefined ? {} : { title }),
      ...(date === undefined ? {} : { date }),
    },
  };
}

function walk(node: XmlNode, buffer: LineBuffer): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== 1) continue;
    switch (child.nodeName) {
      case "text:h":
        addHeading(buffer, inlineText(child), Number(child.getAttribute?.("text:outline-level") ?? 1) || 1);
        break;
      case "text:p":
        addLine(buffer, inlineText(child));
        break;
      case "table:table":
        addBreak(buffer);
        for (const row of descendants(child, "table:table-row")) {
          addRow(buffer, descendants(row, "table:table-cell").map((cell) => descendants(cell, "text:p").map(inlineText).join(" ")));
        }
        addBreak(buffer);
        break;
      default:
        walk(child, buffer);
    }
  }
}

/** A paragraph's text: spaces (text:s), tabs and line breaks as spaces; notes and annotations left out. */
function inlineText(node: XmlNode): string {
  let out = "";
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += child.textContent ?? "";
    else if (child.nodeType === 1) {
      if (child.nodeName === "text:s") out += " ".repeat(Number(child.getAttribute?.("text:c") ?? 1) || 1);
      else if (child.nodeName === "text:tab" || child.nodeName === "text:line-break") out += " ";
      else if (child.nodeName !== "text:note" && child.nodeName !== "office:annotation") out += inlineText(child);
    }
  }
  return out;
}

function descendants(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== 1) continue;
    if (child.nodeName === name) out.push(child);
    else if (!(name === "table:table-row" && child.nodeName === "table:table")) out.push(...descendants(child, name));
  }
  return out;
}

/** The parts the parser reads (XML and relationships); images and other media are never inflated. */
function isXmlPart(name: string): boolean {
  return /\.(?:xml|rels)$/i.test(name);
}
