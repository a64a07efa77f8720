/**
 * Publication dates as pages and reports state them: "Thứ Năm, 23/06/2022 13:04",
 * "Cập nhật lúc : 16:47 10/01/2023", "Thứ hai, 06/05/2019, 07:15:40", "Ngày 23-6-2022",
 * "2022-06-23", "Hà Nội, ngày 12 tháng 3 năm 2023". Day before month, as Vietnamese writes it.
 */

/** A date a report states, as ISO `YYYY-MM-DD` and as written. */
export interface StatedDate {
  date: string;
  dateText: string;
}

const DATE = new RegExp(
  [
    String.raw`(?<!\d)(?<y1>\d{4})[-/.](?<m1>\d{1,2})[-/.](?<d1>\d{1,2})(?!\d)`,
    String.raw`(?<!\d)(?<d2>\d{1,2})[-/.](?<m2>\d{1,2})[-/.](?<y2>\d{4})(?!\d)`,
    String.raw`ngày\s+(?<d3>\d{1,2})\s+tháng\s+(?<m3>\d{1,2})\s*(?:năm|,)\s*(?<y3>\d{4})(?!\d)`,
  ].join("|"),
  "giu",
);
const TIME = /(?<!\d)\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch))?(?![\p{L}\d])/giu;
/** Words that go with a date on a date line: weekdays, "cập nhật lúc", "đăng ngày", time zones. */
const DATE_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${[
    String.raw`thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])`, "chủ nhật", "cn", String.raw`t[2-7]`,
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "cập nhật", "ngày đăng", "đăng ngày", "đăng lúc", "đăng", "xuất bản", "ban hành", "thời gian", "ngày", "lúc", "giờ",
    String.raw`gmt\s*(?:[+-]\s*\d{1,2})?`, "ict", "utc", "sáng", "trưa", "chiều", "tối",
    "published", "updated", "last updated", "posted", "date", "on", "at",
  ].join("|")})(?![\p{L}\p{N}])`,
  "giu",
);
/** "Hà Nội, ngày …" — official documents put the place before the date. */
const PLACE_PREFIX = /^\p{Lu}[\p{L} .]{0,30},\s*(?=ngày\s+\d)/iu;

/**
 * The date a line states, when the line is a date line: nothing on it but a full date (with year)
 * and the words that go with one — a weekday, a time, "Cập nhật lúc", a time zone. A sentence
 * that mentions a date is not a date line. The first valid calendar date on the line is taken.
 */
export function parseDateLine(line: string): StatedDate | undefined {
  if (line.length > 80) return undefined;
  const text = line.replace(PLACE_PREFIX, "");
  let date: string | undefined;
  for (const m of text.matchAll(DATE)) {
    const g = m.groups!;
    date = isoDate(g.y1 ?? g.y2 ?? g.y3, g.m1 ?? g.m2 ?? g.m3, g.d1 ?? g.d2 ?? g.d3);
    if (date !== undefined) break;
  }
  if (date === undefined) return undefined;
  const rest = text.replace(DATE, " ").replace(TIME, " ").replace(DATE_WORDS, " ");
  if (/[\p{L}\p{N}]/u.test(rest)) return undefined;
  return { date, dateText: line };
}

/** `YYYY-MM-DD` when the parts make a real calendar date (no 31 June, no 29 February 2023). */
export function isoDate(year: string | undefined, month: string | undefined, day: string | undefined): string | undefined {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1900 || y > 2200) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
