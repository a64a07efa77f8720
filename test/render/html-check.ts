/**
 * A small checker for Telegram's HTML parse mode, strict enough to catch what would make Telegram
 * reject a message ("can't parse entities"): unknown tags, unbalanced or crossed tags, nested
 * blockquotes, a bare `<`, `>` or `&`, an unknown entity.
 */
const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span"]);
const ENTITY = /^&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i;

/** The problems found in `html`; empty when Telegram would accept it. */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const m = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/i.exec(html.slice(i));
      if (m === null) {
        problems.push(`bare "<" at ${i}: ${JSON.stringify(html.slice(i, i + 30))}`);
        i++;
        continue;
      }
      const [whole, closing, rawName] = m;
      const name = rawName!.toLowerCase();
      if (!TAGS.has(name)) problems.push(`unknown tag <${name}> at ${i}`);
      if (closing) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> at ${i} closes <${open ?? "nothing"}>`);
      } else {
        if (name === "blockquote" && stack.includes("blockquote")) problems.push(`nested blockquote at ${i}`);
        stack.push(name);
      }
      i += whole.length;
    } else if (c === ">") {
      problems.push(`bare ">" at ${i}`);
      i++;
    } else if (c === "&") {
      const m = ENTITY.exec(html.slice(i));
      if (m === null) {
        problems.push(`bare "&" at ${i}`);
        i++;
      } else i += m[0].length;
    } else i++;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(", ")}`);
  return problems;
}

/** The text a reader sees: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
