/**
 * Vietnamese text in the encodings that came before Unicode: TCVN3 (ABC, the ".VnTime" fonts),
 * VNI (the "VNI-Times" fonts) and Windows-1258. Files typed in them decode as Latin-1 look-alikes
 * ("Céng hoµ x· héi", "Coäng hoøa xaõ hoäi"); Word files keep such text as those Latin-1
 * characters in runs set in the legacy font. Everything here turns them into Unicode NFC, and
 * tells which lines were legacy by scoring them as Vietnamese before and after conversion.
 */
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import { isVietnameseSyllable } from "./syllable.ts";

/** A legacy encoding hoidap converts. */
export type LegacyEncoding = "tcvn3" | "vni" | "windows-1258";

// TCVN3 (TCVN 5712:1993, VN3): one byte per letter; capitals with a tone mark exist only in the
// separate upper-case fonts (".VnTimeH"), which draw these same lower-case codes as capitals.
const TCVN3_CODES: Record<number, string> = {
  0xa1: "Ă", 0xa2: "Â", 0xa3: "Ê", 0xa4: "Ô", 0xa5: "Ơ", 0xa6: "Ư", 0xa7: "Đ",
  0xa8: "ă", 0xa9: "â", 0xaa: "ê", 0xab: "ô", 0xac: "ơ", 0xad: "ư", 0xae: "đ",
  0xb5: "à", 0xb6: "ả", 0xb7: "ã", 0xb8: "á", 0xb9: "ạ",
  0xbb: "ằ", 0xbc: "ẳ", 0xbd: "ẵ", 0xbe: "ắ", 0xc6: "ặ",
  0xc7: "ầ", 0xc8: "ẩ", 0xc9: "ẫ", 0xca: "ấ", 0xcb: "ậ",
  0xcc: "è", 0xce: "ẻ", 0xcf: "ẽ", 0xd0: "é", 0xd1: "ẹ",
  0xd2: "ề", 0xd3: "ể", 0xd4: "ễ", 0xd5: "ế", 0xd6: "ệ",
  0xd7: "ì", 0xd8: "ỉ", 0xdc: "ĩ", 0xdd: "í", 0xde: "ị",
  0xdf: "ò", 0xe1: "ỏ", 0xe2: "õ", 0xe3: "ó", 0xe4: "ọ",
  0xe5: "ồ", 0xe6: "ổ", 0xe7: "ỗ", 0xe8: "ố", 0xe9: "ộ",
  0xea: "ờ", 0xeb: "ở", 0xec: "ỡ", 0xed: "ớ", 0xee: "ợ",
  0xef: "ù", 0xf1: "ủ", 0xf2: "ũ", 0xf3: "ú", 0xf4: "ụ",
  0xf5: "ừ", 0xf6: "ử", 0xf7: "ữ", 0xf8: "ứ", 0xf9: "ự",
  0xfa: "ỳ", 0xfb: "ỷ", 0xfc: "ỹ", 0xfd: "ý", 0xfe: "ỵ",
};
const TCVN3 = new Map(Object.entries(TCVN3_CODES).map(([code, ch]) => [String.fromCharCode(Number(code)), ch]));

/** TCVN3 text read as Latin-1 (or Windows-1252) characters → Unicode. `upper` for the ".VnTimeH" fonts. */
export function fromTcvn3(text: string, upper = false): string {
  let out = "";
  for (const ch of text) out += TCVN3.get(ch) ?? ch;
  return (upper ? out.toUpperCase() : out).normalize("NFC");
}

// VNI: an ASCII vowel followed by one byte that carries its hat/breve and tone; a few letters
// (ơ ư đ and the i/y forms) have a byte of their own.
const ACUTE = "\u0301", GRAVE = "\u0300", HOOK = "\u0309", TILDE = "\u0303", DOT = "\u0323", CIRC = "\u0302", BREVE = "\u0306";
const VNI_MARKS: Record<string, string> = {
  "ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT,
  "â": CIRC, "á": CIRC + ACUTE, "à": CIRC + GRAVE, "å": CIRC + HOOK, "ã": CIRC + TILDE, "ä": CIRC + DOT,
  "ê": BREVE, "é": BREVE + ACUTE, "è": BREVE + GRAVE, "ú": BREVE + HOOK, "ü": BREVE + TILDE, "ë": BREVE + DOT,
};
const VNI_LETTERS: Record<string, string> = {
  "ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
  "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
};
const VNI_BASE = /[aeouyAEOUYôöÔÖ]/u;

/** VNI text read as Windows-1252 characters → Unicode NFC. */
export function fromVni(text: string): string {
  const chars = Array.from(text);
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const base = VNI_LETTERS[ch] ?? ch;
    const next = chars[i + 1];
    const mark = next === undefined ? undefined : (VNI_MARKS[next] ?? VNI_MARKS[next.toLowerCase()]);
    // A mark byte only counts after a vowel of the same case ("AÙ", "aù"); elsewhere it is itself.
    if (mark !== undefined && VNI_BASE.test(ch) && isUpper(ch) === isUpper(next!)) {
      out += base + markFor(base, mark);
      i++;
    } else {
      out += base;
    }
  }
  return out.normalize("NFC");
}

/** "ơ"/"ư" already carry their horn: a VNI hat byte after them is only their tone. */
function markFor(base: string, mark: string): string {
  return /[ơưƠƯ]/u.test(base) ? mark.replace(CIRC, "").replace(BREVE, "") : mark;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase();
}

/** Windows-1258 bytes → Unicode NFC (it writes tones as combining marks after the letter). */
export function fromWindows1258(bytes: Uint8Array): string {
  return new TextDecoder("windows-1258").decode(bytes).normalize("NFC");
}

/** Characters of Latin-1 that Vietnamese Unicode text does not use, but TCVN3 and VNI text shows. */
const LEGACY_LOOKING = /[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db-\u00dc\u00de-\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb-\u00fc\u00fe-\u00ff]/u;

/**
 * The share of words in `text` that are well-formed Vietnamese syllables (words without a letter,
 * such as numbers, are not counted); `NaN` when it has no word with a letter.
 */
export function vietnameseShare(text: string): number {
  let words = 0;
  let good = 0;
  for (const raw of text.split(/\s+/u)) {
    const word = raw.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "");
    if (!/\p{L}/u.test(raw)) continue;
    words++;
    if (word !== "" && isVietnameseSyllable(word)) good++;
  }
  return words === 0 ? Number.NaN : good / words;
}

const LEGACY_LOOKING_ALL = new RegExp(LEGACY_LOOKING.source, "gu");
/** A line needs this many legacy-looking characters, and this share of its length, to be scored. */
const MIN_LEGACY_LOOKING = 3;
const MIN_LEGACY_LOOKING_SHARE = 0.02;

/** How much more Vietnamese a conversion must make a line before it is taken as legacy text. */
const MIN_GAIN = 0.2;
/** A converted line must read at least this much like Vietnamese. */
const MIN_CONVERTED_SHARE = 0.6;

/**
 * The legacy encoding `line` (Unicode text) is written in, when converting it reads clearly more
 * like Vietnamese than the line as it is; `undefined` for ordinary text.
 */
export function legacyEncodingOf(line: string): Exclude<LegacyEncoding, "windows-1258"> | undefined {
  // Legacy text shows such characters for most accented letters; a Unicode line has a stray
  // "«" or "·" at most, and is not scored (which keeps a 25k-report scan fast).
  const looking = line.match(LEGACY_LOOKING_ALL)?.length ?? 0;
  if (looking < MIN_LEGACY_LOOKING || looking < MIN_LEGACY_LOOKING_SHARE * line.length) return undefined;
  const before = vietnameseShare(line);
  if (Number.isNaN(before)) return undefined;
  let best: { encoding: "tcvn3" | "vni"; share: number } | undefined;
  for (const [encoding, convert] of [["tcvn3", fromTcvn3], ["vni", fromVni]] as const) {
    const share = vietnameseShare(convert(line));
    if (share >= MIN_CONVERTED_SHARE && share - before >= MIN_GAIN && (best === undefined || share > best.share)) best = { encoding, share };
  }
  return best?.encoding;
}

/** What {@link repairLegacyLines} converted. */
export interface LegacyRepair {
  text: string;
  /** Lines converted, by encoding (absent when none). */
  converted: Partial<Record<"tcvn3" | "vni", number>>;
}

/**
 * Converts every line of `text` that is TCVN3 or VNI text shown as Latin-1 characters, line by
 * line, so a document that mixes Unicode and legacy paragraphs comes out all Unicode.
 */
export function repairLegacyLines(text: string): LegacyRepair {
  const converted: LegacyRepair["converted"] = {};
  const lines = text.split("\n").map((line) => {
    const encoding = legacyEncodingOf(line);
    if (encoding === undefined) return line;
    converted[encoding] = (converted[encoding] ?? 0) + 1;
    return encoding === "tcvn3" ? fromTcvn3(line) : fromVni(line);
  });
  return { text: lines.join("\n"), converted };
}

/** The conversion a font implies for the text of a Word run set in it, if any. */
export function legacyFont(font: string | undefined): { encoding: "tcvn3" | "vni"; upper: boolean } | undefined {
  if (font === undefined) return undefined;
  const name = font.trim();
  if (/^\.vn/i.test(name)) return { encoding: "tcvn3", upper: /h$/i.test(name) };
  if (/^vni[- ]/i.test(name)) return { encoding: "vni", upper: false };
  return undefined;
}

/**
 * A note for the index report: "… converted to Unicode from TCVN3 (ABC) (12 lines)". `unit` is what
 * was counted: lines, or (Word) runs or lines.
 */
export function describeConversion(converted: LegacyRepair["converted"], unit: "lines" | "runs" = "lines"): Reason | undefined {
  const parts = Object.entries(converted)
    .filter((entry): entry is [string, number] => entry[1] !== undefined && entry[1] > 0)
    .map(([encoding, count]) =>
      reason("read.legacy_from", {
        encoding: encoding === "tcvn3" ? "TCVN3 (ABC)" : "VNI",
        amount: reason(unit === "runs" ? (count === 1 ? "read.legacy_runs.one" : "read.legacy_runs") : count === 1 ? "read.legacy_lines.one" : "read.legacy_lines", { count }),
      }),
    );
  if (parts.length === 0) return undefined;
  return reason("read.legacy_converted", { from: parts.length === 1 ? parts[0]! : reason("read.legacy_from_both", { first: parts[0]!, second: parts[1]! }) });
}
