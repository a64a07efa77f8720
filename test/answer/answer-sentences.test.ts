import { describe, expect, it } from "vitest";
import { extractAnswer, pickAnswerSentences, rankSentences, scoreSentence, scoringQuestion } from "../../src/answer/mod.ts";
import { continuesBefore } from "../../src/answer/answer-sentences.ts";
import { sentenceFeatures } from "../../src/answer/sentence-scorer.ts";
import { doc, hit, passage, result } from "./fixtures.ts";

/** The first answer sentence's text for `question` over passages given as [report, text, score]. */
function answer(question: string, passages: [string, string, number][]): string | undefined {
  const hits = passages.map(([id, text, score], i) => hit(doc(id), passage(doc(id), i, 0, text), score));
  const q = scoringQuestion(question);
  return pickAnswerSentences(q, rankSentences(q, hits), hits)[0]?.text;
}

describe("a sentence read with the one before it", () => {
  it("credits a question word only the sentence before holds, without counting it as held", () => {
    const q = scoringQuestion("Công an huyện Cẩm Khê duy trì bao nhiêu tổ tự quản?");
    const sentence = "Đơn vị duy trì 45 tổ tự quản.";
    const alone = scoreSentence(q, sentence);
    const after = scoreSentence(q, sentence, undefined, undefined, sentenceFeatures(q, "Công an huyện Cẩm Khê sơ kết phong trào."));
    const afterOther = scoreSentence(q, sentence, undefined, undefined, sentenceFeatures(q, "Ban Dân vận tỉnh sơ kết phong trào."));
    expect(after.score).toBeGreaterThan(alone.score);
    expect(afterOther.score).toBe(alone.score);
    // What decides "answered" is what the sentence itself holds.
    expect(after.coverage).toBe(alone.coverage);
  });

  it("answers from the report whose sentence before names the subject the question asks about", () => {
    const text = answer("Công an huyện Cẩm Khê duy trì bao nhiêu tổ tự quản?", [
      ["thanh-ba.txt", "Công an huyện Thanh Ba tổ chức hội nghị sơ kết. Đơn vị duy trì 30 tổ tự quản.", 1],
      ["cam-khe.txt", "Công an huyện Cẩm Khê tổ chức hội nghị sơ kết. Đơn vị duy trì 45 tổ tự quản.", 1],
    ]);
    expect(text).toContain("45 tổ tự quản");
    expect(text).not.toContain("30 tổ");
  });
});

describe("a sentence that goes on from the one before", () => {
  it("inherits the subject named before it: the count the question asks for wins over the sentence naming the district", () => {
    const named =
      "Thực hiện chương trình phối hợp làm công tác dân vận, Ban Dân vận Huyện ủy Cẩm Khê và Công an huyện đã tích cực, chủ động tham mưu cho Huyện ủy xây dựng, ban hành chương trình phối hợp và triển khai thực hiện đến 100% khối dân vận, lực lượng công an các xã, thị trấn với nhiều hình thức đa dạng, phong phú gắn với thực tiễn ở địa phương, cơ sở; phối hợp chặt chẽ tuyên truyền, vận động đoàn viên, hội viên và nhân dân tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.";
    const counted =
      "Bên cạnh đó, huyện đã phối hợp duy trì hoạt động thường xuyên của trên 300 ban ANTT, gần 2.000 tổ liên gia tự quản, cụm liên kết về ANTT xóa sơ hở vùng giáp ranh; phát huy hoạt động của các mô hình tự quản về ANTT như mô hình: Chốt đảm bảo ANTT, tiếng kẻng, mõ an ninh, bóng đèn an ninh tự quản.";
    expect(continuesBefore(counted)).toBe(true);
    // In the index, the district's name is rare and "ban" is in every report.
    const rarity = (t: string) => ({ cam: 2.9, khe: 2.9, huyen: 1.1, duy: 1.4, tri: 0.7, ban: 0.1, antt: 0.8 })[t] ?? 1;
    const q = scoringQuestion("Huyện Cẩm Khê duy trì bao nhiêu ban ANTT?", rarity);
    const hits = [hit(doc("cam-khe.txt"), passage(doc("cam-khe.txt"), 0, 0, `${named} ${counted}`), 1)];
    expect(pickAnswerSentences(q, rankSentences(q, hits), hits)[0]?.text).toContain("trên 300 ban ANTT");
  });
});

describe("the sentence (or two) shown as the answer", () => {
  it("shows the sentence after the one naming the subject when it goes on about that subject", () => {
    const text = answer("Trụ sở tiếp công dân của huyện mở lại khi nào?", [
      ["a.txt", "Trụ sở tiếp công dân của huyện được xây dựng năm 2015 và đóng cửa để sửa chữa. Trụ sở này hoạt động trở lại từ ngày 3/4/2023. Thời tiết hôm đó rất đẹp.", 1],
    ]);
    expect(text).toContain("3/4/2023");
    expect(text).toContain("Trụ sở tiếp công dân của huyện");
    expect(text).not.toContain("Thời tiết");
  });

  it("shows two adjacent sentences when the question's words are spread over both", () => {
    const text = answer("Năm 2023 công an xã Sơn Nga tuần tra bao nhiêu lượt trên địa bàn?", [
      ["a.txt", "Năm 2023, công an xã Sơn Nga tăng cường tuần tra kiểm soát. Tổng cộng đã tuần tra 1.250 lượt trên địa bàn. Hội nghị kết thúc lúc 17 giờ.", 1],
    ]);
    expect(text).toBe("Năm 2023, công an xã Sơn Nga tăng cường tuần tra kiểm soát. Tổng cộng đã tuần tra 1.250 lượt trên địa bàn.");
  });

  it("keeps one sentence when its neighbour is far weaker, in another paragraph, or too long to add", () => {
    const q = "Ai chủ trì hội nghị tổng kết công tác năm 2023?";
    const answerSentence = "Hội nghị tổng kết công tác năm 2023 do Đại tá Nguyễn Văn An chủ trì.";
    expect(answer(q, [["a.txt", `${answerSentence} Thời tiết hôm đó rất đẹp.`, 1]])).toBe(answerSentence);
    expect(answer(q, [["a.txt", `${answerSentence}\nHội nghị tổng kết công tác năm 2023 có 200 đại biểu dự.`, 1]])).toBe(answerSentence);
    const long = `Hội nghị tổng kết công tác năm 2023 có đại biểu ${"của các sở, ban, ngành và địa phương ".repeat(8)}dự.`;
    expect(answer(q, [["a.txt", `${answerSentence} ${long}`, 1]])).toBe(answerSentence);
  });

  it("knows a sentence that refers back to the one before", () => {
    expect(continuesBefore("Công ty này đã lắp đặt hệ thống chiếu sáng.")).toBe(true);
    expect(continuesBefore("Họ cũng giành chức vô địch năm 1946.")).toBe(true);
    expect(continuesBefore("Do đó, phiên bản này được dùng rộng rãi.")).toBe(true);
    expect(continuesBefore("It was reopened in April 1991.")).toBe(true);
    expect(continuesBefore("Công an huyện Cẩm Khê tổ chức hội nghị.")).toBe(false);
    expect(continuesBefore("Ông cũng mô tả việc chưng cất nước biển.")).toBe(true);
    // A title before a name introduces someone: it does not point back.
    expect(continuesBefore("Ông Nguyễn Văn An chủ trì.")).toBe(false);
  });
});

describe("a sentence too long to show whole", () => {
  it("competes with the clauses the reader would see of it, not with its whole length", () => {
    const q = "Ban chỉ đạo huyện đã giải quyết bao nhiêu đơn thư khiếu nại trong năm?";
    const filler = "các xã, thị trấn tổ chức tuyên truyền sâu rộng đến từng thôn, tổ dân phố";
    const long = `Trong năm, ${Array.from({ length: 14 }, (_, i) => `${filler} đợt ${i + 1}`).join(", ")}, Ban chỉ đạo huyện đã giải quyết 87 đơn thư khiếu nại, đạt tỷ lệ 95%.`;
    const short = "Ban chỉ đạo huyện họp định kỳ về việc giải quyết đơn thư khiếu nại.";
    expect(long.length).toBeGreaterThan(350);
    const text = answer(q, [["a.txt", `${short} ${long}`, 1]]);
    expect(text).toContain("87 đơn thư khiếu nại");
    expect(text!.length).toBeLessThanOrEqual(350);
  });
});

describe("two sentences of a passage that the words cannot tell apart", () => {
  const question = "Đoàn giám sát đã làm việc với những đơn vị công an nào?";
  const named = "Đoàn giám sát của Ban Dân vận Tỉnh ủy đã tiến hành giám sát việc thực hiện Nghị quyết 25 tại công an tỉnh.";
  const between = "Thời tiết cả tuần thuận lợi.";
  const units = "Tham dự các buổi làm việc có đại diện lãnh đạo đơn vị Công an thành phố Huế và Công an huyện Phong Điền.";
  const answerTo = async (text: string, verdict: "lexical" | "none" = "lexical") => {
    const d = doc("giam-sat.txt");
    return extractAnswer(result(question, [hit(d, passage(d, 0, 0, text), 1, verdict === "none" ? 0.1 : 0.6)], verdict), { pageSize: 5 });
  };

  it("shows both as the answer, in reading order, with the text between them left out as …", async () => {
    const data = await answerTo(`${named} ${between} ${units}`);
    expect(data.verdict).toBe("answered");
    expect(data.sentences.map((s) => s.text)).toEqual([`${named} … ${units}`]);
  });

  it("shows one when the passage's other sentences rank far below it", async () => {
    const data = await answerTo(`${units} ${between} Hội nghị kết thúc lúc 17 giờ.`);
    expect(data.sentences.map((s) => s.text)).toEqual([units]);
  });

  it("shows none with an uncertain reply, which bolds the closest sentence alone in its source", async () => {
    const data = await answerTo(`${named} ${between} ${units}`, "none");
    expect(data.verdict).toBe("uncertain");
    expect(data.sentences).toHaveLength(1);
    expect(data.sentences[0]!.text).not.toContain(" … ");
  });
});
