import { describe, expect, it } from "vitest";
import { detectLanguage, foldDiacritics } from "../../src/text/mod.ts";

const VIETNAMESE = [
  "Hội nghị sơ kết chương trình phối hợp do ai chủ trì vậy?",
  "Ở Phú Thọ có bao nhiêu tập thể đăng ký làm mô hình “Dân vận khéo”?",
  "Công an TP.HCM bắt tay với bên nào để gửi passport tới tận tay người dân?",
];
const ENGLISH = [
  "What document did the Hanoi Party Committee's Mass Mobilization Commission issue on 23 September 2011?",
  "When did Ha Tinh's provincial police hold the preliminary review conference?",
  "What rank does Le Hong Nam hold?",
  "who is the director of the city police",
];

describe("detectLanguage", () => {
  it("recognises Vietnamese written with diacritics", () => {
    for (const q of VIETNAMESE) expect(detectLanguage(q), q).toBe("vi");
  });

  it("recognises Vietnamese typed without diacritics", () => {
    for (const q of VIETNAMESE) expect(detectLanguage(foldDiacritics(q)), q).toBe("vi");
    expect(detectLanguage("doan giam sat nghi quyet 25 cua ban dan van tinh uy da lam viec voi nhung don vi cong an nao?")).toBe("vi");
    expect(detectLanguage("nam qua Ha Tinh to chuc Ngay hoi toan dan bao ve ANTQ o bao nhieu khu dan cu?")).toBe("vi");
  });

  it("recognises English, even with Vietnamese names in it", () => {
    for (const q of ENGLISH) expect(detectLanguage(q), q).toBe("en");
  });

  it("treats text with no words to judge by as Vietnamese, the reports' language", () => {
    expect(detectLanguage("ANTT?")).toBe("vi");
    expect(detectLanguage("2022-2026")).toBe("vi");
  });
});
