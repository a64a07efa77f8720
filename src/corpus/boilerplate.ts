/**
 * Web-page chrome that comes along when a news or report page is saved as text: print and font
 * widgets, share and comment blocks, navigation, related-news lists, image file names, logos.
 *
 * The rules describe kinds of lines, not particular files: a line is dropped when it consists
 * *only* of widget words and separators, so a sentence that merely mentions "bình luận" or "in"
 * is never touched. Words are matched whole (Vietnamese letters are not ASCII, so `\b` is not
 * used), case-insensitively, after NFC normalisation.
 */
import { countWords } from "./words.ts";

/** Words and phrases that, alone on a line (with separators, "+", "-", counts like "(0)"), are page widgets. */
const WIDGET_PHRASES = [
  // print and text-size controls
  "in trang", "in bài viết", "in bài", "bản in", "in", "print", "font size", "font", "size", "cỡ chữ",
  "phóng to", "thu nhỏ", "zoom",
  // navigation
  "rss", "lên đầu trang", "trở về đầu trang", "về đầu trang", "đầu trang", "back to top", "top", "trang chủ",
  "home", "quay lại", "trở lại", "trở về",
  // comments
  "bình luận bài viết", "bình luận", "gửi bình luận", "viết bình luận", "ý kiến bạn đọc", "ý kiến của bạn",
  "gửi ý kiến", "ý kiến", "comments", "comment", "gửi", "hủy", "huỷ",
  // sharing
  "chia sẻ", "share", "facebook", "twitter", "zalo", "email", "e-mail", "gửi email", "tweet", "like",
  "lưu bài", "lưu tin", "lưu", "copy link", "sao chép liên kết", "theo dõi", "bookmark",
];

/** Headings that introduce a list of other articles. */
const RELATED_HEADINGS = [
  "tin liên quan", "tin bài liên quan", "bài liên quan", "bài viết liên quan", "tin cùng chuyên mục",
  "tin cùng chủ đề", "bài cùng chuyên mục", "cùng chuyên mục", "tin khác", "các tin khác", "tin mới hơn",
  "tin cũ hơn", "tin mới nhất", "tin mới cập nhật", "tin đọc nhiều", "đọc nhiều nhất", "xem nhiều",
  "xem nhiều nhất", "tin nổi bật", "xem thêm", "đọc thêm", "có thể bạn quan tâm", "bạn có thể quan tâm",
  "related news", "related articles", "related posts", "more news", "read more",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Whole-word alternation, longest phrase first so "bình luận bài viết" wins over "bình luận". */
const phraseRegex = (phrases: string[], flags: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${[...phrases].sort((a, b) => b.length - a.length).map(escape).join("|")})(?![\\p{L}\\p{N}])`,
    flags,
  );

const WIDGETS = phraseRegex(WIDGET_PHRASES, "giu");
const RELATED = new RegExp(`^${phraseRegex(RELATED_HEADINGS, "iu").source}\\s*:?$`, "iu");
/** "A" and "a" alone are the font-size buttons ("A Font Size: - | +"). */
const LONE_A = /(?<![\p{L}\p{N}])a(?![\p{L}\p{N}])/giu;
const COUNT = /\(\s*\d*\s*\)/g;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** No widget, CAPTCHA, image-name or logo line is longer than this. */
const MAX_CHROME_WORDS = 16;

/** File names of pictures that stood where the image was: `img3621-1557101838`, `DSC_0012.JPG`. */
const IMAGE_FILE = /^[\w.-]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic|svg)$/i;
const CAMERA_NAME = /^(?:img|image|dsc|dscn|dscf|photo|pic|anh|hinh|screenshot|z)[-_]?\d[\w-]*$/i;
/** CMS upload names end in a Unix timestamp (nine or more digits). */
const TIMESTAMPED = /^[a-z]*[-_]?(?:\d+[-_])*\d{9,}$/i;

/**
 * Whether a (non-empty, normalised) line is page chrome rather than report text: a line without a
 * letter or digit ("|", "***"), a line made only of widget words ("In trang",
 * "Print + | - Font Size: A", "Bình luận (0)", "rss - Trở về đầu trang"), a CAPTCHA line, a bare
 * image file name, or a "Logo of …" line.
 */
export function isBoilerplateLine(line: string): boolean {
  if (!HAS_WORD.test(line)) return true;
  if (countWords(line) > MAX_CHROME_WORDS) return false; // report text: skip the costlier checks
  const rest = line.replace(WIDGETS, " ").replace(COUNT, " ").replace(LONE_A, " ");
  if (!HAS_WORD.test(rest)) return true;
  if (/captcha/i.test(line) && countWords(line) <= 8) return true;
  if (!line.includes(" ") && line.length >= 6 && (IMAGE_FILE.test(line) || CAMERA_NAME.test(line) || TIMESTAMPED.test(line))) return true;
  if (/^logo(?:$|\s+(?:of|của)\s|\s*:)/iu.test(line) && countWords(line) <= 16) return true;
  return false;
}

/**
 * Removes the "ảnh 1" that galleries append to caption lines ("Nhiều mô hình … dân vận ảnh 1").
 * Only a trailing "ảnh/hình/photo/image N" with no punctuation before it is removed.
 */
export function stripPhotoSuffix(line: string): string {
  // Tried from every position of the line, the pattern costs more than the rest of cleaning: only a
  // line ending in a digit can match.
  const last = line.charCodeAt(line.length - 1);
  if (!(last >= 48 && last <= 57)) return line;
  return line.replace(/(?<=[\p{L}\p{N}])\s+(?:ảnh|hình|hình ảnh|photo|image)\s*\d{1,2}$/iu, "");
}

/** Whether a paragraph is a related-news heading ("TIN LIÊN QUAN", "Tin bài liên quan", "Xem thêm:"). */
export function isRelatedNewsHeading(paragraph: string): boolean {
  return RELATED.test(paragraph);
}

/**
 * Drops a related-news section at the end of a page: from the first related-news heading after
 * which no paragraph reads like report text (only headlines, widgets or nothing follow), to the
 * end. A related-news heading in the middle of real text is dropped on its own.
 */
export function cutRelatedNews(paragraphs: string[]): string[] {
  const cut = paragraphs.findIndex((p, i) => isRelatedNewsHeading(p) && !paragraphs.slice(i + 1).some(readsLikeText));
  const kept = cut >= 0 ? paragraphs.slice(0, cut) : paragraphs;
  return kept.filter((p) => !isRelatedNewsHeading(p));
}

/**
 * Report text rather than a headline: long, or a finished sentence of some length. Headlines in
 * related-news lists are short and do not end with a full stop.
 */
function readsLikeText(paragraph: string): boolean {
  const words = countWords(paragraph);
  return words >= 40 || (words >= 15 && /[.!?…]["”’)\]]*$/u.test(paragraph));
}

/**
 * Removes the outlet tag Vietnamese news leads open with: "(CAO) Ngày 23-6, …",
 * "ANTD.VN - Ngày 4-11, …", "PTĐT - Đảng ta …". Only an all-capitals tag (optionally with a
 * domain suffix) directly followed by a capitalised sentence is removed.
 */
export function stripSourceTag(paragraph: string): string {
  return paragraph.replace(/^(?:\([\p{Lu}\d.]{2,15}\)\s*|[\p{Lu}][\p{Lu}\d]{1,11}(?:\.[\p{Lu}\p{Ll}]{2,4})?\s*[-–—]\s*)(?=[\p{Lu}\d])/u, "");
}
