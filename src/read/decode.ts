/**
 * Bytes → text. UTF-8, or UTF-16 when a byte-order mark says so; bytes that are not valid UTF-8
 * are tried as the legacy Vietnamese encodings (Windows-1258, TCVN3, VNI) and taken as one only
 * when the result reads as Vietnamese (see legacy.ts): a blind guess would index mojibake, so
 * anything else is refused with a reason the user can act on.
 */
import { fromTcvn3, fromVni, fromWindows1258, vietnameseShare } from "./legacy.ts";
import type { LegacyEncoding } from "./legacy.ts";
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";

/** Decoded text (with the legacy encoding it was in, if any), or why the bytes are not a text document. */
export type Decoded = { ok: true; text: string; legacy?: LegacyEncoding } | { ok: false; reason: Reason };

/** The share of words a legacy decoding must make well-formed Vietnamese syllables to be taken. */
const MIN_LEGACY_SHARE = 0.8;

/** Above this share of control characters a file is treated as binary, not as text with stray bytes. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Decodes a document's bytes: strict UTF-8 with an optional BOM, or UTF-16 LE/BE when a BOM says
 * so, else a legacy Vietnamese encoding that reads as Vietnamese. Refuses empty (or
 * whitespace-only), binary and other input with a one-line reason.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    try {
      // TextDecoder drops the BOM itself (ignoreBOM defaults to false).
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, reason: reason("read.not_utf16", { encoding: encoding.toUpperCase() }) };
    }
  } else {
    // A NUL never occurs in UTF-8 text; checking first gives "binary file" rather than a confusing encoding error.
    if (bytes.includes(0)) return { ok: false, reason: reason("read.binary_nul_bytes") };
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      const legacy = decodeLegacy(bytes);
      if (legacy !== undefined) return checked(legacy.text, legacy.encoding);
      const at = firstInvalidUtf8(bytes);
      return { ok: false, reason: reason("read.not_utf8", { byte: `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, "0")}`, at }) };
    }
  }
  return checked(text);
}

function checked(text: string, legacy?: LegacyEncoding): Decoded {
  if (text.includes("\0")) return { ok: false, reason: reason("read.binary_nul_chars") };
  if (text.trim() === "") return { ok: false, reason: reason("read.empty") };
  const controls = countControls(text);
  if (controls / text.length > MAX_CONTROL_SHARE) {
    return { ok: false, reason: reason("read.binary_controls", { percent: Math.round((100 * controls) / text.length) }) };
  }
  return legacy === undefined ? { ok: true, text } : { ok: true, text, legacy };
}

/**
 * The bytes as Windows-1258, TCVN3 or VNI text, whichever makes the most words well-formed
 * Vietnamese syllables, if one makes at least {@link MIN_LEGACY_SHARE} of them so.
 */
function decodeLegacy(bytes: Uint8Array): { text: string; encoding: LegacyEncoding } | undefined {
  const latin1 = new TextDecoder("windows-1252").decode(bytes);
  const candidates: { text: string; encoding: LegacyEncoding }[] = [
    { text: fromWindows1258(bytes), encoding: "windows-1258" },
    { text: fromTcvn3(new TextDecoder("latin1").decode(bytes)), encoding: "tcvn3" },
    { text: fromVni(latin1), encoding: "vni" },
  ];
  let best: { text: string; encoding: LegacyEncoding; share: number } | undefined;
  for (const c of candidates) {
    // A tone mark Windows-1258 could not compose onto its letter means these are not 1258 bytes.
    if (/[\u0300-\u036f]/u.test(c.text)) continue;
    const share = vietnameseShare(c.text);
    if (share >= MIN_LEGACY_SHARE && (best === undefined || share > best.share)) best = { ...c, share };
  }
  return best;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Control characters other than the whitespace ones text files legitimately contain. */
function countControls(text: string): number {
  return text.match(/[\u0001-\u0008\u000E-\u001F\u007F-\u009F]/g)?.length ?? 0;
}

/**
 * The offset of the byte that makes the data invalid UTF-8. A streaming decoder fails on a prefix
 * exactly when the prefix already holds an invalid sequence (an incomplete character at the end is
 * only buffered), so the shortest failing prefix can be found by bisection.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const fails = (n: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0; // prefix of length lo decodes
  let hi = bytes.length; // prefix of length hi fails (the whole input failed a non-streaming decode)
  if (!fails(hi)) return Math.max(0, hi - 1); // only the end is truncated mid-character
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  // The byte that completed the failing prefix; for a Latin-1 "é" followed by ASCII that is the
  // ASCII byte, so step back to the lead byte that started the broken sequence.
  let at = hi - 1;
  while (at > 0 && bytes[at]! < 0x80 && bytes[at - 1]! >= 0x80) at--;
  return at;
}
