/** Splits text into user-perceived characters (grapheme clusters): an emoji with its modifiers, a letter with its combining marks. */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The longest start of `text` that is at most `maxUnits` UTF-16 code units long (the unit both
 * JavaScript's `length` and Telegram's limits count) and ends between two whole characters: never
 * inside a surrogate pair, which Telegram rejects, nor between an emoji and its modifier or a
 * letter and its combining accent.
 */
export function cutText(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > maxUnits) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
