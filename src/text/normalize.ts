/**
 * Text normalisation shared by indexing and querying: whatever is done to a passage is done to a
 * question, so the two meet on the same forms.
 */

/** Typographic quotes and primes that people and word processors use interchangeably. */
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
/** Hyphens, en/em dashes, minus signs: all mean "-" for search. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/**
 * Invisible characters that split or glue words without showing: soft hyphen, zero-width space,
 * non-joiner and joiner, word joiner, BOM. Removed from reports as they are read and from text
 * before it is tokenised.
 */
export const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

const GRAVE_TO_FIRST: Record<string, string> = {
  "à": "ò", "á": "ó", "ả": "ỏ", "ã": "õ", "ạ": "ọ",
  "è": "ò", "é": "ó", "ẻ": "ỏ", "ẽ": "õ", "ẹ": "ọ",
  "ỳ": "ù", "ý": "ú", "ỷ": "ủ", "ỹ": "ũ", "ỵ": "ụ",
};
const TONED_A: Record<string, string> = { "à": "a", "á": "a", "ả": "a", "ã": "a", "ạ": "a" };
const TONED_E: Record<string, string> = { "è": "e", "é": "e", "ẻ": "e", "ẽ": "e", "ẹ": "e" };
const TONED_Y: Record<string, string> = { "ỳ": "y", "ý": "y", "ỷ": "y", "ỹ": "y", "ỵ": "y" };

/**
 * Vietnamese has two spellings for the tone mark of open syllables ending in -oa, -oe, -uy:
 * "hòa/hoà", "khỏe/khoẻ", "thủy/thuỷ". Both appear in the same reports, so without this "Ủy ban"
 * and "Uỷ ban" would be different words. We write the tone on the first vowel (the spelling most
 * Vietnamese news text uses). "quý" keeps its mark on "y": there "u" belongs to the consonant "qu".
 */
export function normalizeToneMarks(lowerCased: string): string {
  return lowerCased
    .replace(/o([àáảãạ])(?![\p{L}\p{M}])/gu, (_, a: string) => GRAVE_TO_FIRST[a]! + TONED_A[a]!)
    .replace(/o([èéẻẽẹ])(?![\p{L}\p{M}])/gu, (_, e: string) => GRAVE_TO_FIRST[e]! + TONED_E[e]!)
    .replace(/(?<!q)u([ỳýỷỹỵ])(?![\p{L}\p{M}])/gu, (_, y: string) => GRAVE_TO_FIRST[y]! + TONED_Y[y]!);
}

/**
 * `s` without the invisible characters that split or glue words (zero-width space, joiners, soft
 * hyphen, BOM): what a question is cleaned of before anything reads it, as reports are, so that
 * one pasted with a zero-width space between syllables is embedded and matched like the visible text.
 */
export function removeInvisible(s: string): string {
  return s.replace(INVISIBLE, "");
}

/**
 * The canonical form of any text before it is tokenised: Unicode NFC (so precomposed and combining
 * accents compare equal), lower case, one spelling of tone placement, straight quotes, "-" for every
 * dash, invisible characters removed and every run of whitespace (including non-breaking spaces and
 * line breaks) turned into one space.
 */
export function normalizeText(s: string): string {
  const lower = s
    .normalize("NFC")
    .toLowerCase()
    .replace(INVISIBLE, "")
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(DASHES, "-")
    .replace(/\s+/gu, " ")
    .trim();
  return normalizeToneMarks(lower);
}
