/** Vietnamese letters that carry a diacritic (tone mark, breve, circumflex, horn, or đ), lower case. */
const VIETNAMESE_MARKED =
  /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

/**
 * Removes diacritics: "Đoàn giám sát" → "Doan giam sat". Every combining mark goes, and đ/Đ (a
 * letter of its own, which Unicode does not decompose) become d/D. Case is kept.
 * Used to match text typed without diacritics; on its own it merges different words
 * (ma, má, mà, mã, mạ → ma), so the index keeps accented forms too.
 */
export function foldDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

/** True when `s` contains at least one Vietnamese letter with a diacritic (including đ). */
export function hasVietnameseDiacritics(s: string): boolean {
  return VIETNAMESE_MARKED.test(s.normalize("NFC"));
}
