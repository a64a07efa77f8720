/**
 * An HTML element tree → report lines: headings (h1–h6), paragraphs and list items, table rows
 * ("cell | cell"), line breaks inside a paragraph kept as spaces. Used for web pages and for the
 * HTML mammoth makes of a Word file.
 */
import { addBreak, addHeading, addLine, addRow, finishLines, lineBuffer } from "./lines.ts";
import type { LineBuffer } from "./lines.ts";
import type { Heading } from "./types.ts";

/** The minimal DOM surface walked here (linkedom's nodes provide it). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const BLOCKS = new Set(["P", "DIV", "LI", "BLOCKQUOTE", "PRE", "SECTION", "ARTICLE", "HEADER", "FOOTER", "MAIN", "DD", "DT", "FIGCAPTION", "ADDRESS", "UL", "OL", "DL", "FIGURE", "ASIDE", "NAV"]);
const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "OBJECT", "BUTTON", "SELECT", "FORM"]);

/** Lines and headings of `root`'s content. `emptyParagraphBreaks`: an empty <p> is a blank line (Word's empty paragraphs). */
export function linesFromHtml(root: DomNode, emptyParagraphBreaks = false): { text: string; headings: Heading[] } {
  const buffer = lineBuffer();
  const inline: string[] = [];
  const flush = () => {
    const text = inline.join("").replace(/\s+/gu, " ").trim();
    inline.length = 0;
    if (text !== "") addLine(buffer, text);
  };
  walk(root, buffer, inline, flush, emptyParagraphBreaks);
  flush();
  return finishLines(buffer);
}

function walk(node: DomNode, buffer: LineBuffer, inline: string[], flush: () => void, emptyBreaks: boolean): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      inline.push(child.textContent ?? "");
      continue;
    }
    if (child.nodeType !== 1) continue;
    const name = child.nodeName.toUpperCase();
    if (SKIPPED.has(name)) continue;
    const heading = /^H([1-6])$/.exec(name);
    if (heading !== null) {
      flush();
      addHeading(buffer, child.textContent ?? "", Number(heading[1]));
    } else if (name === "TABLE") {
      flush();
      addBreak(buffer);
      for (const row of rowsOf(child)) addRow(buffer, row);
      addBreak(buffer);
    } else if (name === "BR") {
      inline.push(" ");
    } else if (BLOCKS.has(name)) {
      flush();
      const before = buffer.lines.length;
      walk(child, buffer, inline, flush, emptyBreaks);
      flush();
      if (emptyBreaks && name === "P" && buffer.lines.length === before) addLine(buffer, "");
    } else {
      walk(child, buffer, inline, flush, emptyBreaks);
    }
  }
}

/** The rows of a table as cell texts (nested tables flattened into their cell). */
function rowsOf(table: DomNode): string[][] {
  const rows: string[][] = [];
  const visit = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      const name = child.nodeName.toUpperCase();
      if (name === "TR") {
        rows.push(Array.from(child.childNodes).filter((c) => c.nodeType === 1 && /^(?:TD|TH)$/i.test(c.nodeName)).map((c) => cellText(c)));
      } else if (name !== "TABLE") visit(child);
    }
  };
  visit(table);
  return rows;
}

function cellText(cell: DomNode): string {
  const { text } = linesFromHtml(cell);
  return text.split("\n").filter((l) => l !== "").join(" ");
}
