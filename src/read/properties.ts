/**
 * Title and date from a document's own properties. Office and PDF tools fill these in themselves
 * ("Microsoft Word - baocao.doc", "Slide 1", the template's title), so a property title is used
 * only when it reads like a title.
 */

/** `title` when it can stand as a report's title; `undefined` for empty or tool-made titles. */
export function usableTitle(title: string | undefined): string | undefined {
  const t = title?.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (t === undefined || t === "") return undefined;
  if (/^(?:microsoft (?:word|powerpoint|excel)\s*-|untitled|document\d*$|slide \d+$|tiêu đề$|title$)/iu.test(t)) return undefined;
  if (/\.(?:docx?|pdf|odt|rtf|txt|html?)$/iu.test(t)) return undefined;
  if (!/\p{L}.*\s.*\p{L}/u.test(t)) return undefined; // one word is a label, not a title
  return t;
}

/** `YYYY-MM-DD` from an ISO-like date ("2023-05-04T10:00:00Z") or a PDF date ("D:20230504…"). */
export function propertyDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})/.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d] = m;
  const year = Number(y);
  if (year < 1980 || year > 2100 || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined;
  return `${y}-${mo}-${d}`;
}

/** Text of the first `<prefix:tag>` element of an XML string, entities decoded. */
export function xmlElementText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<(?:[\\w-]+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${tag}>`).exec(xml);
  return m === null ? undefined : decodeXmlEntities(m[1]!);
}

export function decodeXmlEntities(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec, hex, name) => {
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[(name as string).toLowerCase()]!;
  });
}
