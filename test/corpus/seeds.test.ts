/**
 * The cleaning and metadata of the five real reports, checked by hand against the files.
 */
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/corpus/mod.ts";
import { loadSeeds, seed } from "./fixtures.ts";

const seeds = loadSeeds();
const paragraphsOf = (prefix: string) => seed(seeds, prefix).text.split("\n\n");

describe("metadata of the seed reports", () => {
  it.each([
    // 000: no date line; the body says only "Chiều 4/1" (no year), which must not become a date.
    ["000", "Phối hợp hiệu quả công tác dân vận trong đảm bảo an ninh trật tự", undefined, undefined, "Hồng Nhung – Đức Quang"],
    // 001: "In trang" above the title; "Cập nhật lúc : 16:47 10/01/2023" under it.
    ["001", "Tăng cường lãnh đạo, chỉ đạo thực hiện công tác dân vận gắn với thực hiện nhiệm vụ chuyên môn", "2023-01-10", "Cập nhật lúc : 16:47 10/01/2023", "Duy Linh"],
    // 002: no byline; ends with the comment widget.
    ["002", "Xây dựng hình ảnh CBCS CAND gần gũi, thân thiện, có trách nhiệm với Nhân dân", "2022-06-23", "Thứ Năm, 23/06/2022 13:04", undefined],
    // 003: a section label above the title, the byline under it; "Ngày 4-11" in the lead has no year.
    ["003", "Nhiều mô hình và cá nhân điển hình trong công tác dân vận", undefined, undefined, "Châu Anh"],
    // 004: a logo line above the title; the byline sits above the comment block, not on the last line.
    ["004", "Để phong trào đứng vững trong lòng dân", "2019-05-06", "Thứ hai, 06/05/2019, 07:15:40", "Hoàng Hương"],
  ])("%s: title, date and author", (prefix, title, date, dateText, author) => {
    const report = seed(seeds, prefix);
    expect(report.title).toBe(title);
    expect(report.date).toBe(date);
    expect(report.dateText).toBe(dateText);
    expect(report.author).toBe(author);
  });

  it("uses the path relative to the seeds directory as id and file", () => {
    for (const [file, report] of seeds) {
      expect(report.id).toBe(file);
      expect(report.file).toBe(file);
      expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("boilerplate removal on the seed reports", () => {
  const BOILERPLATE = [
    "In trang",
    "Print",
    "Font Size",
    "Bình luận (0)",
    "Bình luận bài viết",
    "Ý kiến bạn đọc",
    "CAPTCHA",
    "Image security",
    "Lên đầu trang",
    "Trở về đầu trang",
    "TIN LIÊN QUAN",
    "Tin bài liên quan",
    "TIN CÙNG CHUYÊN MỤC",
    "img3621",
    "img8219",
    "1557101838",
    "Logo of",
    "ảnh 1",
    "Chính trị - Xã hội",
    "(CAO)",
    "ANTD.VN",
    "PTĐT -",
  ];

  it.each([...seeds.keys()])("%s keeps no widget, comment, navigation or image-name text", (file) => {
    const text = seeds.get(file)!.text;
    for (const s of BOILERPLATE) expect(text, s).not.toContain(s);
    expect(text).not.toMatch(/(?<![\p{L}])rss(?![\p{L}])/iu);
    for (const p of text.split("\n\n")) expect(p, "a paragraph without any word").toMatch(/[\p{L}\p{N}]/u);
  });

  it.each([...seeds.keys()])("%s keeps title, date line and byline out of the body", (file) => {
    const report = seeds.get(file)!;
    const paragraphs = report.text.split("\n\n");
    expect(paragraphs).not.toContain(report.title);
    if (report.dateText !== undefined) expect(report.text).not.toContain(report.dateText);
    if (report.author !== undefined) expect(paragraphs).not.toContain(report.author);
  });

  it("drops the title where 004 repeats it under the date line, and 003's captioned copy", () => {
    expect(seed(seeds, "004").text).not.toContain("Để phong trào đứng vững trong lòng dân");
    expect(seed(seeds, "003").text).not.toContain("Nhiều mô hình và cá nhân điển hình trong công tác dân vận");
  });

  it("removes the lone '|' separator and the comment block of 002", () => {
    const paragraphs = paragraphsOf("002");
    expect(paragraphs).not.toContain("|");
    expect(paragraphs[paragraphs.length - 1]).toBe(
      "Chú trọng ứng dụng giải pháp khoa học, công nghệ vào công tác tuyên truyền; vận động, định hướng nhân dân tích cực tham gia đấu tranh, phản bác những thông tin xuyên tạc, sai trái của các thế lực thù địch chống phá Đảng, Nhà nước...",
    );
  });
});

describe("report text survives cleaning", () => {
  it.each([
    ["000", "Các đồng chí chủ trì hội nghị."],
    ["000", "Chiều 4/1, Ban Dân vận Tỉnh ủy và Công an tỉnh tổ chức hội nghị sơ kết chương trình phối hợp giai đoạn 2022-2026."],
    ["001", "Đẩy mạnh việc cải cách hành chính, tập trung kiểm tra, giám sát."],
    ["001", "Phối hợp với chính quyền quản lý các vấn đề về an ninh tôn giáo, “Tà đạo, đạo lạ”."],
    ["002", "Công an các cấp phối hợp với ngành bưu điện thực hiện chuyển phát nhanh Hộ chiếu, Giấy đăng ký xe, Căn cước công dân; thực hiện quy định về “Thư xin lỗi” đối với các trường hợp giải quyết thủ tục hành chính trễ hạn,..."],
    ["003", "Nhằm phát huy kết quả đạt được, Ban Dân vận Thành ủy và CATP đã thống nhất thông qua chương trình phối hợp thực hiện công tác dân vận với 7 nội dung phối hợp."],
    ["004", "Công an tỉnh quan tâm chỉ đạo củng cố kiện toàn đội ngũ nòng cốt ở cơ sở, duy trì hoạt động của 2.887 ban ANTT, 16.628 tổ liên gia tự quản về ANTT, 29 dòng họ tự quản về ANTT, 47 cụm liên kết bảo vệ ANTT xoá sơ hở vùng giáp ranh."],
    ["004", "Thời gian qua, đã có 123 tập thể, 95 cá nhân đăng ký thực hiện mô hình “Dân vận khéo” trên lĩnh vực ANTT."],
  ])("%s still says: %s", (prefix, sentence) => {
    const report = seed(seeds, prefix);
    const sentences = splitSentences(report.text).map((s) => report.text.slice(s.start, s.end));
    expect(sentences).toContain(sentence);
  });

  it("keeps sub-headings and image captions as paragraphs of their own", () => {
    expect(paragraphsOf("004")).toEqual(expect.arrayContaining(["Hiệu quả thiết thực", "Tiếp tục đẩy mạnh phong trào"]));
    expect(paragraphsOf("004")).toContain(
      "Mô hình “Chốt đảm bảo ANTT” ở xã Sơn Nga góp phần đảm bảo an ninh chính trị, trật tự an toàn xã hội tại địa bàn.",
    );
    expect(paragraphsOf("003")).toContain(
      "Thiếu tướng Đoàn Duy Khương và đồng chí Nguyễn Lan Hương, Trưởng ban Dân vận Thành ủy tại lễ ký kết Chương trình phối hợp, thực hiện công tác dân vận giữa ban dân vận Thành ủy và CATP Hà Nội giai đoạn 2016-2021",
    );
    expect(paragraphsOf("002")).toContain("Vận động Nhân dân tích cực đấu tranh, phản bác thông tin xuyên tạc, sai trái");
  });

  it("keeps the lead after removing the outlet tag", () => {
    expect(paragraphsOf("002")[0]).toMatch(/^Ngày 23-6, Ban Dân vận Thành ủy TPHCM phối hợp Công an TPHCM/);
    expect(paragraphsOf("003")[0]).toMatch(/^Ngày 4-11, CATP Hà Nội và Ban Dân vận Thành ủy Hà Nội/);
    expect(paragraphsOf("004")).toContainEqual(expect.stringMatching(/^Đảng ta luôn xác định công tác dân vận/));
  });

  it("starts a paragraph where 004 starts a new line after a finished sentence", () => {
    const paragraphs = paragraphsOf("004");
    const i = paragraphs.findIndex((p) => p.startsWith("Xã Sơn Nga là điểm thực hiện tốt"));
    expect(paragraphs[i]).toMatch(/sinh hoạt\.$/);
    expect(paragraphs[i + 1]).toMatch(/^Trung tá Lê Văn Bàng - Phó Đội trưởng/);
  });

  it.each([...seeds.keys()])("%s: NFC text, plain spaces, one blank line between paragraphs, spans that match", (file) => {
    const report = seeds.get(file)!;
    expect(report.text).toBe(report.text.normalize("NFC"));
    expect(report.text).not.toMatch(/[\u00A0\t\r]| \n|\n |  |\n{3}/);
    const paragraphs = report.text.split("\n\n");
    expect(report.paragraphs.map((s) => report.text.slice(s.start, s.end))).toEqual(paragraphs);
  });
});
