import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/corpus/mod.ts";

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe("Vietnamese sentence splitting", () => {
  it("does not split inside numbers, codes and dotted names", () => {
    expect(sentences("Duy trì 16.628 tổ liên gia tự quản. Thực hiện Nghị quyết 25-NQ/TW, ngày 03/6/2013 tại TP.HCM. Xong.")).toEqual([
      "Duy trì 16.628 tổ liên gia tự quản.",
      "Thực hiện Nghị quyết 25-NQ/TW, ngày 03/6/2013 tại TP.HCM.",
      "Xong.",
    ]);
  });

  it("does not split after an abbreviation or an initial followed by a name", () => {
    expect(sentences("Hội nghị ở Tp. Hồ Chí Minh có PGS. TS. Nguyễn V. A. Bình dự. Sau đó giải lao.")).toEqual([
      "Hội nghị ở Tp. Hồ Chí Minh có PGS. TS. Nguyễn V. A. Bình dự.",
      "Sau đó giải lao.",
    ]);
  });

  it("keeps closing quotes with their sentence and splits quoted sentences", () => {
    expect(sentences("Phương châm “Vì nước quên thân, vì dân phục vụ”. Ông nói: “Làm tốt. Làm nhanh.” Rồi kết thúc.")).toEqual([
      "Phương châm “Vì nước quên thân, vì dân phục vụ”.",
      "Ông nói: “Làm tốt.",
      "Làm nhanh.”",
      "Rồi kết thúc.",
    ]);
  });

  it("treats ... and … alike: a break before a capital, none before a lower-case word", () => {
    expect(sentences("Tuyên truyền, vận động,... qua đó, tiết kiệm chi phí... Mô hình tự quản… Các xã tự thành lập tổ.")).toEqual([
      "Tuyên truyền, vận động,... qua đó, tiết kiệm chi phí...",
      "Mô hình tự quản…",
      "Các xã tự thành lập tổ.",
    ]);
  });

  it("splits before a sentence that opens with a number, but not after 'tr.'", () => {
    expect(sentences("Kết quả đạt được trong năm qua. 123 tập thể đã đăng ký, xem tr. 5 của báo cáo.")).toEqual([
      "Kết quả đạt được trong năm qua.",
      "123 tập thể đã đăng ký, xem tr. 5 của báo cáo.",
    ]);
  });

  it("keeps a list marker with its item", () => {
    expect(sentences("1. Tăng cường lãnh đạo. 2. Đẩy mạnh cải cách.")).toEqual(["1. Tăng cường lãnh đạo.", "2. Đẩy mạnh cải cách."]);
  });

  it("never crosses a line break and returns trimmed spans into the text", () => {
    const text = "  Câu một không có dấu chấm\n\nCâu hai. Câu ba!  \nCâu bốn?";
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Câu một không có dấu chấm", "Câu hai.", "Câu ba!", "Câu bốn?"]);
    expect(spans[0]).toEqual({ start: 2, end: 27 });
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences(" \n\n ")).toEqual([]);
  });
});
