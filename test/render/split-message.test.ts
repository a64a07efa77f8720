import { describe, expect, it } from "vitest";
import { escapeHtml, renderBlock, splitMessage } from "../../src/render/split-message.ts";
import type { MessageBlock } from "../../src/render/split-message.ts";
import { htmlProblems, visibleText } from "./html-check.ts";

const HOSTILE = 'Giá <b>tăng</b> & "giảm" </blockquote> <a href="x">link</a> a<b & c>d &amp; ';

/** A sentence of roughly `words` words. */
function sentence(i: number, words = 12): string {
  return `Câu số ${i} ${Array.from({ length: words }, (_, k) => `từ${k}`).join(" ")}.`;
}

function paragraph(sentences: number, from = 0): string {
  return Array.from({ length: sentences }, (_, i) => sentence(from + i)).join(" ");
}

/** Every message within the limit and well formed; returns them for more checks. */
function checked(messages: string[], limit: number): string[] {
  for (const m of messages) {
    expect(m.length).toBeLessThanOrEqual(limit);
    expect(m.length).toBeGreaterThan(0);
    expect(htmlProblems(m)).toEqual([]);
    expect(m).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
  return messages;
}

/** The quoted text of messages, in order, with the whitespace at cuts normalised. */
function quotedText(messages: string[], separator = " "): string {
  const parts = messages.flatMap((m) => [...m.matchAll(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/g)].map((x) => visibleText(x[1]!)));
  return parts.join(separator).replace(/\s+/g, " ").trim();
}

describe("escapeHtml", () => {
  it("turns every character that could open, close or break a tag into an entity", () => {
    expect(escapeHtml(`a<b>&"c"</b>`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&lt;/b&gt;");
    expect(htmlProblems(escapeHtml(HOSTILE))).toEqual([]);
    expect(visibleText(escapeHtml(HOSTILE))).toBe(HOSTILE);
  });
});

describe("splitMessage", () => {
  it("keeps short blocks in one message, separated by blank lines, in order", () => {
    const blocks: MessageBlock[] = [{ html: "<b>Header</b>" }, { html: "<b>[1] A</b>", quote: [{ text: "one" }] }, { html: "<b>[2] B</b>", quote: [{ text: "two" }] }];
    const messages = checked(splitMessage(blocks), 4096);
    expect(messages).toEqual([blocks.map(renderBlock).join("\n\n")]);
    expect(messages[0]).toContain("<blockquote expandable>one</blockquote>");
  });

  it("splits between blocks, never inside one, when they do not all fit", () => {
    const blocks: MessageBlock[] = Array.from({ length: 12 }, (_, i) => ({ html: `<b>[${i + 1}] Report ${i + 1}</b>`, quote: [{ text: paragraph(12, i * 100) }] }));
    const messages = checked(splitMessage(blocks), 4096);
    expect(messages.length).toBeGreaterThan(1);
    // Each block appears whole in exactly one message, and the blocks keep their order.
    let previous = -1;
    for (const block of blocks) {
      const html = renderBlock(block);
      const holders = messages.map((m, i) => (m.includes(html) ? i : -1)).filter((i) => i >= 0);
      expect(holders).toHaveLength(1);
      expect(holders[0]!).toBeGreaterThanOrEqual(previous);
      previous = holders[0]!;
    }
    // And packing is not wasteful: no two neighbouring messages could have been one.
    for (let i = 1; i < messages.length; i++) expect(messages[i - 1]!.length + 2 + messages[i]!.length).toBeGreaterThan(4096);
  });

  it("cuts a passage longer than the limit at a sentence, closing and reopening the blockquote", () => {
    const text = paragraph(120);
    const messages = checked(splitMessage([{ html: "<b>[1] Long report</b>\n<i>01/01/2024</i>", quote: [{ text }] }]), 4096);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages[0]).toMatch(/^<b>\[1\] Long report<\/b>/);
    for (const m of messages.slice(1)) expect(m.startsWith("<blockquote expandable>")).toBe(true);
    for (const m of messages) {
      expect(m.endsWith("</blockquote>")).toBe(true);
      // Each piece ends at the end of a sentence.
      expect(visibleText(m).trimEnd()).toMatch(/\.$/);
    }
    expect(quotedText(messages)).toBe(text);
  });

  it("keeps the bold sentence bold on both sides of a cut", () => {
    const before = paragraph(30);
    const bold = paragraph(40, 500);
    const after = paragraph(5, 900);
    const messages = checked(splitMessage([{ html: "<b>[1] R</b>", quote: [{ text: before + " " }, { text: bold, bold: true }, { text: " " + after }] }], 2000), 2000);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const boldText = messages.flatMap((m) => [...m.matchAll(/<b>([^<]*)<\/b>/g)].map((x) => x[1]!)).filter((t) => !t.startsWith("[1]"));
    expect(boldText.length).toBeGreaterThanOrEqual(2);
    expect(boldText.join(" ").replace(/\s+/g, " ").trim()).toBe(bold);
    expect(quotedText(messages)).toBe(`${before} ${bold} ${after}`);
  });

  it("escapes hostile report text, also where it is cut", () => {
    const text = Array.from({ length: 200 }, () => HOSTILE).join("");
    const messages = checked(splitMessage([{ html: "<b>[1] x</b>", quote: [{ text }] }], 1000), 1000);
    expect(messages.length).toBeGreaterThan(5);
    expect(messages.join("")).not.toMatch(/<\/blockquote> <a|<b>tăng<\/b>/);
    expect(quotedText(messages)).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("cuts text with no spaces or sentences anywhere, never inside a character or an entity", () => {
    const emoji = "😀".repeat(3000); // surrogate pairs
    const amps = "&".repeat(3000); // five characters each once escaped
    for (const text of [emoji, amps, "x".repeat(9000)]) {
      const messages = checked(splitMessage([{ html: "<b>h</b>", quote: [{ text }] }]), 4096);
      // Compared by length first: a failure here would otherwise print 9,000 characters twice.
      expect(quotedText(messages, "").length).toBe(text.length);
      expect(quotedText(messages, "") === text).toBe(true);
    }
  });

  it("turns a head too long for any message into plain text rather than break its markup", () => {
    const head = `<b>${escapeHtml("T<&>".repeat(1500))}</b>`;
    const messages = checked(splitMessage([{ html: head, quote: [{ text: "q" }] }]), 4096);
    expect(visibleText(messages.join(""))).toContain("T<&>T<&>");
  });

  it("leaves out a blockquote when the quote is empty, and honours expandable: false", () => {
    expect(renderBlock({ html: "h", quote: [] })).toBe("h");
    expect(renderBlock({ html: "h", quote: [{ text: "q" }], expandable: false })).toBe("h\n<blockquote>q</blockquote>");
  });

  it("holds its promises on random hostile text and random limits", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ["a", "ă", "đ", " ", ". ", "\n", "<", ">", "&", '"', "😀", "</blockquote>", "<b>", "x"];
    const pick = () => alphabet[Math.floor(random() * alphabet.length)]!;
    for (let round = 0; round < 40; round++) {
      const limit = 300 + Math.floor(random() * 1500);
      const blocks: MessageBlock[] = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, b) => {
        const runs = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, r) => ({
          text: Array.from({ length: Math.floor(random() * 900) }, pick).join(""),
          bold: r % 2 === 1,
        }));
        return { html: `<b>[${b + 1}]</b>`, quote: runs };
      });
      const messages = checked(splitMessage(blocks, limit), limit);
      const expected = blocks.map((b) => b.quote!.map((r) => r.text).join("")).join(" ");
      expect(quotedText(messages)).toBe(expected.replace(/\s+/g, " ").trim());
    }
  });
});
