import { foldDiacritics, hasVietnameseDiacritics } from "./fold.ts";

/** The languages the bot answers in. */
export type Lang = "vi" | "en";

/**
 * One Vietnamese syllable without diacritics: optional initial consonant, a vowel nucleus, an
 * optional final from the six Vietnamese allows. Most English words break these rules (final
 * s/d/l/r, clusters like "str", letters f/j/w/z), so the share of words that fit tells the
 * languages apart even when Vietnamese is typed without diacritics.
 */
const SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?(?:oai|oay|oao|oeo|ieu|yeu|uoi|uou|uya|uye|uyu|uay|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)(?:ng|nh|ch|c|m|n|p|t)?$/;

/** Share of words that must fit {@link SYLLABLE} for diacritic-free text to count as Vietnamese. */
const VIETNAMESE_SHARE = 0.7;

/**
 * The language a question is written in, so the bot can answer in it: Vietnamese when it has
 * Vietnamese diacritics, or when most of its words are possible Vietnamese syllables ("doan giam
 * sat nghi quyet 25 da lam viec voi nhung don vi nao"); English otherwise. Text with no words
 * to judge by (numbers, abbreviations such as "ANTT") counts as Vietnamese, the reports' language.
 */
export function detectLanguage(text: string): Lang {
  if (hasVietnameseDiacritics(text)) return "vi";
  const all = foldDiacritics(text.normalize("NFC")).match(/\p{L}+/gu) ?? [];
  // Capitalised words are mostly names and abbreviations ("Peyton Manning", "ANTT"), which say
  // nothing about the language of the sentence around them; judge by the others when there are any.
  const lower = all.filter((w) => w[0] === w[0]!.toLowerCase());
  const mixed = all.filter((w) => w !== w.toUpperCase());
  const words = (lower.length > 0 ? lower : mixed).map((w) => w.toLowerCase());
  if (words.length === 0) return "vi";
  const fitting = words.filter((w) => SYLLABLE.test(w)).length;
  return fitting / words.length >= VIETNAMESE_SHARE ? "vi" : "en";
}
