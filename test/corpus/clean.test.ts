/**
 * The cleaning rules on pages other than the seeds: they must hold for other Vietnamese news and
 * report pages, and must not eat report text that merely mentions a widget word.
 */
import { describe, expect, it } from "vitest";
import { cleanText, readReport } from "../../src/corpus/mod.ts";
import { englishWarning } from "../../src/render/mod.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("page chrome from other sites", () => {
  const page = [
    "Logo of Báo Công an Nghệ An",
    "Trang chủ | Thời sự",
    "Thời sự",
    "Công an xã ra mắt mô hình tổ tự quản về an ninh trật tự",
    "Thứ sáu, 12/05/2023 | 08:30 (GMT+7)",
    "In bài viết | Chia sẻ | Facebook | Zalo",
    "A- A A+",
    "DSC_0123.JPG",
    "Lãnh đạo Công an huyện trao quyết định thành lập tổ tự quản ảnh 2",
    "",
    "Sáng 11/5, Công an xã Nghi Phong tổ chức ra mắt mô hình tổ tự quản về an ninh trật tự với 25 thành viên.",
    "Mô hình được người dân đồng tình ủng hộ. Nhiều bình luận trên mạng xã hội đánh giá cao cách làm này.",
    "***",
    "Nguyễn Hoa",
    "Bình luận (12)",
    "Gửi bình luận",
    "Xem thêm:",
    "Công an tỉnh tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "Ra mắt mô hình camera an ninh ở xã vùng biên",
    "Về đầu trang",
  ].join("\n");
  const cleaned = cleanText(page);

  it("finds title, date and byline", () => {
    expect(cleaned.title).toBe("Công an xã ra mắt mô hình tổ tự quản về an ninh trật tự");
    expect(cleaned.date).toBe("2023-05-12");
    expect(cleaned.dateText).toBe("Thứ sáu, 12/05/2023 | 08:30 (GMT+7)");
    expect(cleaned.author).toBe("Nguyễn Hoa");
  });

  it("keeps the caption (without its 'ảnh 2') and the report text, and nothing else", () => {
    expect(cleaned.body).toEqual([
      "Lãnh đạo Công an huyện trao quyết định thành lập tổ tự quản",
      "Sáng 11/5, Công an xã Nghi Phong tổ chức ra mắt mô hình tổ tự quản về an ninh trật tự với 25 thành viên.",
      "Mô hình được người dân đồng tình ủng hộ. Nhiều bình luận trên mạng xã hội đánh giá cao cách làm này.",
    ]);
  });

  it("cuts only a trailing related-news list, not text after a related-news heading", () => {
    const body = cleanText(
      [
        "Tiêu đề của một bài báo về công tác dân vận",
        "",
        "Đoạn mở đầu của bài báo, có đủ chữ để được coi là nội dung thật của báo cáo này.",
        "Tin liên quan",
        "Một tiêu đề tin khác",
        "",
        "Đoạn tiếp theo của bài báo vẫn là nội dung thật, dài hơn mười lăm chữ và kết thúc bằng dấu chấm.",
      ].join("\n"),
    ).body;
    expect(body).toContain("Đoạn tiếp theo của bài báo vẫn là nội dung thật, dài hơn mười lăm chữ và kết thúc bằng dấu chấm.");
    expect(body).not.toContain("Tin liên quan");
  });
});

describe("lines and paragraphs", () => {
  it("joins a clearly wrapped line and splits lines that start a new paragraph", () => {
    const { body } = cleanText(
      "Báo cáo kết quả công tác dân vận năm 2023\n\nCông tác dân vận được triển khai\nđồng bộ ở các đơn vị.\nCông an tỉnh đã chủ động phối hợp.",
    );
    expect(body).toEqual(["Công tác dân vận được triển khai đồng bộ ở các đơn vị.", "Công an tỉnh đã chủ động phối hợp."]);
  });

  it("normalises to NFC and plain spaces, whatever the line endings", () => {
    const nfd = "Hội nghị tổng kết công tác dân vận năm nay".normalize("NFD");
    const { title, body } = cleanText(`\uFEFF${nfd}\r\n\r\nCông\u00A0tác\tdân vận \u200Bđạt kết quả tốt.   \r\n`);
    expect(title).toBe("Hội nghị tổng kết công tác dân vận năm nay");
    expect(body).toEqual(["Công tác dân vận đạt kết quả tốt."]);
  });

  it("does not take a sentence or a capitalised heading for a byline", () => {
    expect(cleanText("Tiêu đề bài viết về công tác dân vận\n\nNội dung đầy đủ của bài.\n\nHội nghị kết thúc lúc 11 giờ.").author).toBeUndefined();
    expect(cleanText("Tiêu đề bài viết về công tác dân vận\n\nNội dung đầy đủ của bài.\n\nTheo báo Công an").author).toBeUndefined();
    expect(cleanText("Tiêu đề bài viết về công tác dân vận\n\nNội dung đầy đủ của bài.\n\nHết").author).toBeUndefined();
    expect(cleanText("Tiêu đề bài viết về công tác dân vận\n\nNội dung đầy đủ của bài.\n\nBài, ảnh: Minh Anh").author).toBe("Minh Anh");
  });

  it("takes the date only from a date line near the top, never from the body", () => {
    const cleaned = cleanText("Tiêu đề bài viết về công tác dân vận\n\nNgày 20/10/2023, đoàn giám sát đã làm việc với Công an thành phố.");
    expect(cleaned.date).toBeUndefined();
    const late = cleanText(["Tiêu đề bài viết về công tác dân vận", ...Array.from({ length: 8 }, (_, i) => `Đoạn ${i + 1} của bài viết có nội dung.`), "23/06/2022"].join("\n\n"));
    expect(late.date).toBeUndefined();
  });

  it("uses the last short line above the text as title when the headline is short", () => {
    expect(cleanText("Dân vận khéo\n\nPhong trào thi đua được triển khai rộng khắp trong toàn tỉnh.").title).toBe("Dân vận khéo");
  });

  it("reads Markdown reports without their markup", () => {
    const { title, body } = cleanText(
      "# Báo cáo công tác dân vận quý I năm 2024\n\n## Kết quả đạt được ##\n\n![ảnh](images/hoi-nghi.jpg)\n\nXem **chi tiết** tại [trang của Ban](https://example.org/a).\n\n---",
      true,
    );
    expect(title).toBe("Báo cáo công tác dân vận quý I năm 2024");
    expect(body).toEqual(["Kết quả đạt được", "Xem chi tiết tại trang của Ban."]);
  });
});

describe("title fallback", () => {
  it("uses the file name, with a warning, when no line reads like a title", () => {
    const outcome = readReport(utf8("Đây là một báo cáo ngắn không có tiêu đề. Nó chỉ có một đoạn văn."), "bao-cao/thang-5.txt");
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.report.title).toBe("thang-5");
    expect(outcome.warnings.map(englishWarning)).toEqual(["bao-cao/thang-5.txt: no title line found; the file name is used as its title"]);
  });
});
