/**
 * Lines → paragraphs. Pages saved as text put one paragraph per line, sometimes with a blank line
 * between and sometimes not (004: "… sinh hoạt.\nTrung tá Lê Văn Bàng …"); plain-text reports may
 * be hard-wrapped instead. So a blank line always ends a paragraph, and a single line break ends
 * one too unless the line is clearly wrapped.
 */

/**
 * A line is "clearly wrapped" when the sentence visibly continues on the next line: the line does
 * not end in closing punctuation (. ! ? … : ; or a closing quote/bracket) and the next line starts
 * with a lower-case letter ("… trong công tác\nbảo vệ …"). A next line starting with a capital,
 * a digit or a list marker starts a new paragraph: Vietnamese capitalises names and organisations
 * ("Công an", "Ban Dân vận") mid-sentence, but joining titles, date lines and captions into the
 * following text would be worse than leaving a rare mid-sentence break.
 */
export function isWrappedLine(line: string, next: string): boolean {
  return !/[.!?…:;"”’)\]]$/u.test(line) && /^\p{Ll}/u.test(next);
}

/** Groups lines ("" = blank) into paragraphs, joining clearly wrapped lines with a space. */
export function joinParagraphs(lines: string[]): string[] {
  const paragraphs: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    if (line === "") {
      if (current !== undefined) paragraphs.push(current);
      current = undefined;
    } else if (current !== undefined && isWrappedLine(current, line)) {
      current += ` ${line}`;
    } else {
      if (current !== undefined) paragraphs.push(current);
      current = line;
    }
  }
  if (current !== undefined) paragraphs.push(current);
  return paragraphs;
}
