import { foldDiacritics } from "./fold.ts";

const UNKNOWN = 0;
const SEPARATOR = 0xffff;
const MARK = 0xfffe;

/**
 * Per UTF-16 code unit: its lower-case letter or digit without diacritics, a separator, or a
 * combining mark to drop. Filled on first sight of each character, so a text is folded with one
 * table look-up per character instead of Unicode normalisation and regular expressions.
 */
const foldedUnit = new Uint16Array(0x10000);

function classify(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return SEPARATOR; // emoji and other astral characters
  const ch = String.fromCharCode(unit);
  if (/\p{M}/u.test(ch)) return MARK;
  if (!/[\p{L}\p{N}]/u.test(ch)) return SEPARATOR;
  const folded = foldDiacritics(ch).toLowerCase();
  return folded.length === 1 ? folded.charCodeAt(0) : (folded.charCodeAt(0) || SEPARATOR);
}

const isDigit = (unit: number) => unit >= 0x30 && unit <= 0x39;

/**
 * The words of a text, lower case and without diacritics, in reading order — a fast scan for
 * ranking many passages per question. Letters and digits form words; a formatted number keeps its
 * separators ("16.628", "3,5"), every other punctuation splits ("25-NQ/TW" → "25", "nq", "tw").
 */
export function foldedWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let folded = foldedUnit[unit]!;
    if (folded === UNKNOWN) folded = foldedUnit[unit] = classify(unit);
    if (folded === MARK) continue;
    if (folded !== SEPARATOR) {
      word += String.fromCharCode(folded);
      continue;
    }
    // "16.628", "3,5": a point or comma between digits belongs to the number
    if ((unit === 0x2e || unit === 0x2c) && isDigit(word.charCodeAt(word.length - 1)) && isDigit(text.charCodeAt(i + 1))) {
      word += String.fromCharCode(unit);
      continue;
    }
    if (word !== "") words.push(word);
    word = "";
  }
  if (word !== "") words.push(word);
  return words;
}
