/**
 * Things Telegram turns into something to tap, even in plain text: URLs with a scheme, `www.`
 * hosts, bare domains under common top-level domains, e-mail addresses and @usernames.
 */
const LINKLIKE = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]+`,
    String.raw`\b(?:mailto|tg|tel|javascript):[^\s<>"]+`,
    String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    String.raw`\bwww\.[^\s<>"]+`,
    String.raw`\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|vn|me|co|ru|xyz|top|site|online|app|dev|link|click|ly|gov|edu|ai)\b(?:\/[^\s<>"]*)?`,
    String.raw`(?<![\w@])@[a-z][a-z0-9_]{3,31}\b`,
  ].join("|"),
  "giu",
);

/**
 * Replaces every link, e-mail address and @username in a model's answer with `replacement`.
 * The written answer is a summary: the reports' own links stay in the passages and citations shown
 * under it, so a link in the answer could only have come from the model — or from an instruction
 * planted in a passage. Punctuation that ends a sentence is kept.
 */
export function removeLinks(text: string, replacement: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(LINKLIKE, (match) => {
    count++;
    const trailing = /[.,;:!?)\]'"»”]+$/u.exec(match)?.[0] ?? "";
    return `${replacement}${trailing}`;
  });
  return { text: out, count };
}
