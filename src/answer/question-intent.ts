import { foldDiacritics, normalizeText } from "../text/mod.ts";

/** The kind of thing a question asks for, when its wording says so. */
export type AnswerKind = "number" | "date" | "person" | "place";

/** What a question asks for, read from its question words. */
export interface QuestionIntent {
  /** `undefined` when the wording does not say (a "what", "why" or "how" question). */
  wants?: AnswerKind;
  /**
   * What a "how many" question counts, folded ("khu dan cu" in "bao nhiêu khu dân cư?", "members"
   * in "how many members"): a sentence that writes a number right before it answers exactly.
   */
  counted?: string;
}

/**
 * Question patterns, matched on the folded, lower-case question (so "bao nhieu" typed without
 * diacritics is read as "bao nhiêu"). Order matters: "năm nào" is a date before "nào" is anything.
 */
const PATTERNS: readonly [AnswerKind, RegExp][] = [
  ["number", /\b(?:bao nhieu|so luong|how (?:many|much|old|long|far)|what (?:number|percentage|proportion|amount))\b/],
  ["date", /\b(?:khi nao|luc nao|bao gio|thoi gian nao|ngay nao|ngay bao nhieu|thang nao|nam nao|the ky nao|thoi diem nao|dip nao|when|what (?:year|date|day|month|time|century)|which (?:year|date|day|month|century))\b/],
  ["person", /(?:^|\s)(?:ai|nguoi nao|vi nao|dong chi nao|ong nao|ba nao|who|whom|whose)(?=\s|$|[?.,])/],
  ["place", /\b(?:o dau|tai dau|noi nao|cho nao|dia diem nao|dia phuong nao|tinh nao|huyen nao|xa nao|thanh pho nao|nuoc nao|quoc gia nao|where|which (?:city|country|province|place|district|commune|town|state))\b/],
];

/** Words that end a counted noun phrase ("bao nhiêu hộ chiếu và căn cước" counts "hộ chiếu"). */
const COUNT_STOP = new Set(["va", "hay", "hoac", "cua", "o", "tai", "trong", "duoc", "da", "la", "co", "de", "cho", "tu", "den", "voi", "and", "or", "of", "in", "did", "do", "does", "were", "was", "are", "is", "have", "has", "had", "the", "at", "on", "to", "for", "by", "received", "took"]);

/**
 * Reads what a question asks for: `bao nhiêu / mấy / how many` → a number, `khi nào / ngày nào /
 * năm nào / when` → a date, `ai / who` → a person or a title, `ở đâu / where` → a place. For a
 * count, also the noun counted (up to three words after the question word), which the answer
 * usually writes right after its number ("1.416 khu dân cư").
 */
export function questionIntent(question: string): QuestionIntent {
  const normalized = normalizeText(question);
  // "mấy" folds to "may", which is also "máy" (machine): read it only as typed with diacritics.
  if (/(?:^|\s)mấy\s+\p{L}/u.test(normalized)) {
    const m = /(?:^|\s)mấy\s+([\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)?)/u.exec(normalized);
    return { wants: "number", counted: m === null ? undefined : foldDiacritics(m[1]!).split(" ").filter((w) => !COUNT_STOP.has(w)).slice(0, 1).join(" ") || undefined };
  }
  const folded = ` ${foldDiacritics(normalized).replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ").trim()} `;
  for (const [kind, pattern] of PATTERNS) {
    const m = pattern.exec(folded);
    if (m === null) continue;
    if (kind !== "number") return { wants: kind };
    const after = folded.slice(m.index + m[0].length).trim().split(" ");
    const counted: string[] = [];
    for (const w of after) {
      if (w === "" || COUNT_STOP.has(w) || counted.length === 3) break;
      counted.push(w);
    }
    if (counted.length > 0) return { wants: kind, counted: counted.join(" ") };
    // "Tổng kinh phí … là bao nhiêu?": an amount of money is a number of đồng.
    if (/\b(?:kinh phi|chi phi|ngan sach|so tien|gia tien|tien)\b/.test(folded)) return { wants: kind, counted: "dong" };
    return { wants: kind };
  }
  return {};
}

const NUMBER = /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)*(?:\s*%)?|(?<![\p{L}])(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|chục|trăm|nghìn|ngàn|triệu|tỷ|tỉ|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|dozen)(?![\p{L}])/iu;
const DATE =
  /(?<![\p{N}])\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\p{N}])|(?<![\p{N}])(?:1[5-9]|20)\d{2}(?![\p{N}])|(?:ngày|tháng|năm|quý|thế kỷ|sáng|chiều|tối|hôm)\s+(?:\d|[IVXLC]+\b|nay|qua|trước|sau)|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|century)\b/u;
/** Titles and ranks Vietnamese reports put before a name. */
const TITLES = ["đồng chí", "ông", "bà", "anh", "chị", "đại tá", "thượng tá", "trung tá", "thiếu tá", "thiếu tướng", "trung tướng", "thượng tướng", "đại tướng", "giám đốc", "chủ tịch", "bí thư", "trưởng ban", "trưởng đoàn", "trưởng phòng", "thủ tướng", "bộ trưởng", "tổng thống", "vua", "hoàng đế", "giáo sư", "tiến sĩ", "nhà văn", "nhà thơ"];
/**
 * A title, as a whole word and in either case at its start, before a capitalised word: "Đại tá
 * Nguyễn…", "ông An". Not a case-insensitive pattern, under which `\p{Lu}` matches any letter and
 * "không thể" or "công dân" would read as "ông" before a name.
 */
const PERSON_TITLE = new RegExp(`(?<![\\p{L}\\p{M}])(?:${TITLES.map((t) => `[${t[0]!.toUpperCase()}${t[0]}]${t.slice(1)}`).join("|")})\\s+\\p{Lu}`, "u");
/**
 * A Vietnamese family name followed by two capitalised names: "Trương Thanh Huyền". Two syllables
 * alone are as often a place ("Hà Nội", "Hà Tĩnh", "Cao Bằng", "Thái Bình"), and a place word
 * before the name makes it one ("Thành phố Hồ Chí Minh").
 */
const VIETNAMESE_NAME =
  /(?<![\p{L}])(?<!(?:[Pp]hố|TP\.?|[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|[Đđ]ường)\s+)(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương|Đoàn|Đinh|Lâm|Mai|Trịnh|Cao|Lương|Tô|Tạ|Chu|Đào|Thái|Văn|Quách|Kiều|Triệu|Hà|La|Lưu|Vương|Tăng|Thân|Âu|Mạc|Khổng|Giang|Phùng|Doãn|Nông)\s+\p{Lu}[\p{Ll}\p{M}]*\s+\p{Lu}/u;
/** A capitalised word that is not a Vietnamese syllable ("Trevor", "Al-Muwaffaq", "Gaga"): a foreign name. */
const FOREIGN_WORD = /(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}'-]{2,}/gu;
const VIETNAMESE_SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?(?:oai|oay|oao|oeo|ieu|yeu|uoi|uou|uya|uye|uyu|uay|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)(?:ng|nh|ch|c|m|n|p|t)?$/;

function holdsName(sentence: string): boolean {
  if (PERSON_TITLE.test(sentence) || VIETNAMESE_NAME.test(sentence)) return true;
  for (const [word] of sentence.matchAll(FOREIGN_WORD)) {
    if (/\p{Lu}{2}/u.test(word)) continue; // abbreviations (ANTT, UBND) are not names
    if (!VIETNAMESE_SYLLABLE.test(foldDiacritics(word).toLowerCase())) return true;
  }
  return false;
}

const PLACE =
  /(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|thôn|bản|ấp|tổ dân phố|khu dân cư|tại|ở)\s+\p{Lu}|\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)+|\b(?:in|at|near)\s+\p{Lu}/u;

/**
 * Whether a sentence holds the kind of thing the question asks for. The tests are generous (any
 * number, any capitalised name): they tell a sentence that could answer from one that cannot.
 */
export function holdsKind(sentence: string, kind: AnswerKind): boolean {
  switch (kind) {
    case "number":
      return NUMBER.test(sentence);
    case "date":
      return DATE.test(sentence);
    case "person":
      return holdsName(sentence);
    case "place":
      return PLACE.test(sentence);
  }
}

/**
 * Whether the sentence writes a number right before what the question counts ("1.416 khu dân
 * cư", "trên 300 ban ANTT"), compared without diacritics; only the counted phrase's first word
 * has to follow the number, since reports abbreviate the rest.
 */
export function countsWhatWasAsked(sentence: string, counted: string): boolean {
  const first = counted.split(" ")[0];
  if (first === undefined || first === "") return false;
  const folded = foldDiacritics(normalizeText(sentence));
  const escaped = first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const number = "(?:\\d+(?:[.,]\\d+)*|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty)";
  // "1.416 khu dân cư", "trên 300 ban ANTT" — or the noun first: "ở tuổi 39", "khổ 1,435 mm".
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${number}\\s+(?:\\S+\\s+)?${escaped}(?![\\p{L}\\p{N}])|${escaped}\\s+(?:\\S+\\s+)?\\d)`, "u").test(folded);
}
