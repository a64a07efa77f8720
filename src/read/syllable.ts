/**
 * Is a word a well-formed Vietnamese syllable? Used to tell Vietnamese text from mojibake (a
 * legacy encoding read as Unicode, a PDF font without a Unicode map) and to rejoin syllables a PDF
 * split in two ("ĐIỀ U" → "ĐIỀU"). The check is structural, not a dictionary: an onset, a rhyme
 * from the closed set Vietnamese has, at most one tone mark, and no grave/hook/tilde tone on a
 * rhyme ending in c, ch, p or t.
 */

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const STOP_TONES = new Set(["\u0301", "\u0323"]);

const ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?";
const RHYMES = [
  "a ac ach ai am an ang anh ao ap at au ay",
  "ăc ăm ăn ăng ăp ăt",
  "âc âm ân âng âp ât âu ây",
  "e ec em en eng eo ep et",
  "ê êch êm ên êng ênh êp êt êu",
  "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu",
  "o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong ooc oong op ot",
  "ô ôc ôi ôm ôn ông ôp ôt",
  "ơ ơi ơm ơn ơp ơt",
  "u ua uân uâng uât uây uc uê uêch uênh uêu ui um un ung uơ uôc uôi uôm uôn uông uôt up ut uy uya uych uyên uyêt uynh uyt uyu",
  "ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu",
  "y yêm yên yêng yêt yêu",
]
  .join(" ")
  .split(" ")
  // Longest first, so the alternation prefers "anh" to "an".
  .sort((a, b) => b.length - a.length);
const SYLLABLE = new RegExp(`^${ONSET}(${RHYMES.join("|")})$`, "u");

/** True when `word` (any case, any Unicode normal form) is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.toLowerCase().normalize("NFD");
  const tones = decomposed.match(TONES) ?? [];
  if (tones.length > 1) return false;
  const base = decomposed.replace(TONES, "").normalize("NFC");
  const m = SYLLABLE.exec(base);
  if (m === null) return false;
  const tone = tones[0];
  if (tone !== undefined && /(?:c|ch|p|t)$/.test(m[1]!) && !STOP_TONES.has(tone)) return false;
  return true;
}

/** Letters Vietnamese writes with a diacritic (the ones mojibake and lost Unicode maps damage). */
export const VIETNAMESE_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;
