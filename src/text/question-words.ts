/**
 * Words that make a question a question. A question's own single syllables of this kind are not
 * searched for: "Ai là trưởng đoàn?" is about "trưởng đoàn", not about "ai". They stay in the
 * index, and in the question's bigrams ("là ai"), where they still tie their neighbours together.
 *
 * Ordinary function words (là, của, và, các, những, được…) are not dropped: BM25 already gives
 * them almost no weight, and dropping them from questions measured no better on XQuAD-vi
 * (hit@1 0.925 against 0.930 with question words alone).
 */

/** Question words and politeness particles, accented (normalised) forms. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  "ai", "gì", "nào", "đâu", "sao", "bao", "nhiêu", "mấy", "vậy", "không", "chưa", "hả", "nhỉ", "à",
  "ạ", "hãy", "xin", "cho", "biết", "hỏi",
]);

/**
 * Question words as typed without diacritics. Only forms that are rarely anything else:
 * "bao" (báo, bảo), "dau" (đầu) or "may" (máy) would remove real words.
 */
export const FOLDED_QUESTION_WORDS: ReadonlySet<string> = new Set([
  "ai", "gi", "nao", "nhieu", "vay", "khong", "chua", "nhi",
]);
