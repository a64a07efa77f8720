import { describe, expect, it } from "vitest";
import { clauseSpan, countsWhatWasAsked, holdsKind, pickAnswerSentences, questionIntent, rankSentences, scoreSentence, scoringQuestion } from "../../src/answer/mod.ts";
import { withAntecedent } from "../../src/answer/answer-sentences.ts";
import { parseGlossary } from "../../src/text/mod.ts";
import { doc, hit, passage } from "./fixtures.ts";

describe("what a question asks for", () => {
  it("reads the question words, typed with or without diacritics, Vietnamese or English", () => {
    expect(questionIntent("Huyện Cẩm Khê duy trì bao nhiêu ban ANTT?")).toEqual({ wants: "number", counted: "ban antt" });
    expect(questionIntent("nam qua Ha Tinh to chuc ngay hoi o bao nhieu khu dan cu?")).toEqual({ wants: "number", counted: "khu dan cu" });
    expect(questionIntent("How many members does the team have?")).toMatchObject({ wants: "number", counted: "members" });
    expect(questionIntent("Hội nghị diễn ra khi nào?").wants).toBe("date");
    expect(questionIntent("When was it signed?").wants).toBe("date");
    expect(questionIntent("Hội nghị do ai chủ trì?").wants).toBe("person");
    expect(questionIntent("Who chaired it?").wants).toBe("person");
    expect(questionIntent("Mô hình được làm ở đâu?").wants).toBe("place");
    expect(questionIntent("Phương châm của công an là gì?").wants).toBeUndefined();
    // "máy" (machine) is not "mấy" (how many), though both fold to "may"
    expect(questionIntent("may tinh bi hong thi lam sao").wants).toBeUndefined();
  });

  it("an amount of money is counted in đồng", () => {
    expect(questionIntent("Tổng kinh phí của chương trình là bao nhiêu?")).toEqual({ wants: "number", counted: "dong" });
  });

  it("tells sentences that can answer from those that cannot", () => {
    expect(holdsKind("Có 123 tập thể đăng ký.", "number")).toBe(true);
    expect(holdsKind("Nhiều tập thể đăng ký.", "number")).toBe(false);
    expect(holdsKind("Chiều 4/1 hội nghị diễn ra.", "date")).toBe(true);
    expect(holdsKind("Hội nghị diễn ra sôi nổi.", "date")).toBe(false);
    expect(holdsKind("Đại tá Nguyễn Hồng Phong chủ trì.", "person")).toBe(true);
    expect(holdsKind("Trevor Martin played the role.", "person")).toBe(true);
    expect(holdsKind("Ban Dân vận Tỉnh ủy chủ trì.", "person")).toBe(false);
    // a title inside another word, or before a word that is not a name, is not a person
    expect(holdsKind("Công tác tiếp công dân được duy trì, không để tồn đọng.", "person")).toBe(false);
    expect(holdsKind("Lực lượng nhanh chóng có mặt, cùng bà con địa phương.", "person")).toBe(false);
    expect(holdsKind("Hội nghị do ông Phong chủ trì.", "person")).toBe(true);
    // a province or city written like a family name and a given name is a place
    expect(holdsKind("Công an Hà Tĩnh và Ban Dân vận Thành phố Hồ Chí Minh ký kết.", "person")).toBe(false);
    expect(holdsKind("Trương Thanh Huyền phát biểu.", "person")).toBe(true);
    expect(holdsKind("Mô hình được làm ở xã Sơn Nga.", "place")).toBe(true);
    expect(countsWhatWasAsked("Năm qua tổ chức ở 1.416 khu dân cư.", "khu dan cu")).toBe(true);
    expect(countsWhatWasAsked("Anh ấy chơi ở tuổi 39.", "tuoi")).toBe(true);
    expect(countsWhatWasAsked("Các khu dân cư đều tham gia.", "khu dan cu")).toBe(false);
  });
});

describe("scoring a sentence as an answer", () => {
  it("prefers the sentence holding the question's words, accented over merely folded", () => {
    const q = scoringQuestion("Ai chủ trì hội nghị sơ kết?");
    const right = scoreSentence(q, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.");
    const folded = scoreSentence(q, "Đại tá Nguyễn Hồng Phong chu tri hoi nghi so ket.");
    const other = scoreSentence(q, "Thời tiết hôm đó rất đẹp.");
    expect(right.coverage).toBe(1);
    expect(folded.coverage).toBeLessThan(right.coverage);
    expect(folded.coverage).toBeGreaterThan(0);
    expect(other.coverage).toBe(0);
    expect(right.score).toBeGreaterThan(folded.score);
  });

  it("matches a question typed without diacritics fully", () => {
    const q = scoringQuestion("ai chu tri hoi nghi so ket");
    expect(scoreSentence(q, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.").coverage).toBe(1);
  });

  it("lets the glossary meet an abbreviation and its expansion", () => {
    const glossary = parseGlossary({ version: 1, entries: [{ abbr: "ANTT", expansions: ["an ninh trật tự"] }] }, "test");
    const q = scoringQuestion("Tỉnh duy trì bao nhiêu tổ an ninh trật tự?", () => 1, glossary);
    expect(scoreSentence(q, "Tỉnh duy trì 300 tổ ANTT.").coverage).toBe(1);
    expect(scoreSentence(scoringQuestion("Tỉnh duy trì bao nhiêu tổ an ninh trật tự?"), "Tỉnh duy trì 300 tổ ANTT.").coverage).toBeLessThan(1);
  });

  it("rewards the kind asked for, but not the question's own numbers or names", () => {
    const q = scoringQuestion("Năm 2023 tổ chức bao nhiêu hội nghị?");
    const withCount = scoreSentence(q, "Năm 2023 tổ chức 360 hội nghị.");
    const onlyYear = scoreSentence(q, "Năm 2023 tổ chức các hội nghị.");
    expect(withCount.kindMatched).toBe(true);
    expect(onlyYear.kindMatched).toBe(false);
    expect(withCount.score).toBeGreaterThan(onlyYear.score);
    const who = scoringQuestion("Ai giữ kỷ lục ở Super Bowl?");
    expect(scoreSentence(who, "Kỷ lục ở Super Bowl được giữ lâu.").kindMatched).toBe(false);
    expect(scoreSentence(who, "John Elway giữ kỷ lục ở Super Bowl.").kindMatched).toBe(true);
  });

  it("prefers a short sentence to an 80-word one holding the same words", () => {
    const q = scoringQuestion("Ai chủ trì hội nghị?");
    const short = scoreSentence(q, "Đại tá Nguyễn Hồng Phong chủ trì hội nghị.");
    const long = scoreSentence(q, `Đại tá Nguyễn Hồng Phong chủ trì hội nghị, ${"cùng nhiều đại biểu của các sở ban ngành địa phương ".repeat(8)}.`);
    expect(short.coverage).toBe(long.coverage);
    expect(short.score).toBeGreaterThan(long.score);
  });
});

describe("picking the answer sentences", () => {
  const a = doc("a.txt");
  const b = doc("b.txt");
  const hits = [
    hit(a, passage(a, 0, 0, "Chiều 4/1, hội nghị sơ kết được tổ chức. Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết. Trời đẹp."), 1),
    hit(b, passage(b, 0, 0, "Ở Hà Nội, hội nghị ký kết do Thiếu tướng Đoàn Duy Khương chủ trì."), 0.4),
  ];

  it("picks the sentence that answers, from the passage that holds it", () => {
    const q = scoringQuestion("Ai chủ trì hội nghị sơ kết?");
    const ranked = rankSentences(q, hits);
    const picked = pickAnswerSentences(q, ranked, hits);
    expect(picked).toHaveLength(1);
    expect(picked[0]!.text).toBe("Đại tá Nguyễn Hồng Phong chủ trì hội nghị sơ kết.");
    expect(picked[0]!.hit).toBe(0);
  });

  it("picks nothing when no sentence holds a word of the question", () => {
    const q = scoringQuestion("Giá vàng hôm nay?");
    expect(pickAnswerSentences(q, rankSentences(q, hits), hits)).toEqual([]);
  });

  it("cuts a sentence longer than the limit to its clauses that hold the question", () => {
    const q = scoringQuestion("Ai chủ trì hội nghị?");
    const text = `${"Trong năm qua các đơn vị đã phối hợp chặt chẽ, ".repeat(6)}Đại tá Nguyễn Hồng Phong chủ trì hội nghị, ${"các đại biểu phát biểu ý kiến sôi nổi, ".repeat(4)}kết thúc lúc 17 giờ.`;
    const span = clauseSpan(q, text, { start: 0, end: text.length }, 120);
    const clause = text.slice(span.start, span.end);
    expect(clause.length).toBeLessThanOrEqual(120);
    expect(clause).toContain("Đại tá Nguyễn Hồng Phong chủ trì hội nghị");
  });

  it("shows a sentence that opens with a pronoun together with the sentence naming its subject", () => {
    const text = "Al-Muwaffaq là nhà hóa học. Ông cũng mô tả việc chưng cất nước biển.";
    const span = withAntecedent(text, { start: 28, end: text.length }, 300);
    expect(text.slice(span.start, span.end)).toBe(text);
    expect(withAntecedent(text, { start: 28, end: text.length }, 50)).toEqual({ start: 28, end: text.length });
  });
});
