import { describe, expect, it } from "vitest";
import { parseDateLine } from "../../src/corpus/mod.ts";

describe("date lines", () => {
  it.each([
    ["Thứ Năm, 23/06/2022 13:04", "2022-06-23"],
    ["Cập nhật lúc : 16:47 10/01/2023", "2023-01-10"],
    ["Thứ hai, 06/05/2019, 07:15:40", "2019-05-06"],
    ["Ngày 23-6-2022", "2022-06-23"],
    ["23-06-2022", "2022-06-23"],
    ["2022-06-23", "2022-06-23"],
    ["Chủ nhật, 5.3.2023 - 9h30", "2023-03-05"],
    ["Hà Nội, ngày 12 tháng 3 năm 2023", "2023-03-12"],
    ["Đăng lúc 08:30 (GMT+7) 12/05/2023", "2023-05-12"],
  ])("%s → %s", (line, iso) => {
    expect(parseDateLine(line)).toEqual({ date: iso, dateText: line });
  });

  it.each([
    ["a sentence that mentions a date", "Ngày 20/10/2023, đoàn giám sát đã làm việc với Công an tỉnh."],
    ["a date without a year", "Ngày 23-6"],
    ["a day and month only", "Chiều 4/1"],
    ["a period of years", "Giai đoạn 2022-2026"],
    ["an impossible date", "31/06/2022"],
    ["29 February in a common year", "29/02/2023"],
    ["a resolution number", "25-NQ/TW"],
  ])("%s is not a date line", (_, line) => {
    expect(parseDateLine(line)).toBeUndefined();
  });
});
