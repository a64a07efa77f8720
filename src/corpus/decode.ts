/**
 * Bytes → text. Reports must be UTF-8 (UTF-16 is accepted only when a byte-order mark says so):
 * guessing a legacy encoding (Windows-1258, TCVN3, VNI, Latin-1) would silently index mojibake,
 * so anything else is refused with a reason the user can act on.
 */

/** Decoded text, or why the bytes are not a text document. */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/** Above this share of control characters a file is treated as binary, not as text with stray bytes. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Decodes a document's bytes: strict UTF-8 with an optional BOM, or UTF-16 LE/BE when a BOM says
 * so. Refuses empty (or whitespace-only), binary and non-UTF-8 input with a one-line reason.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    try {
      // TextDecoder drops the BOM itself (ignoreBOM defaults to false).
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, reason: `not ${encoding.toUpperCase()} text (it starts with a UTF-16 byte-order mark, but the bytes after it are not valid UTF-16)` };
    }
  } else {
    // A NUL never occurs in UTF-8 text; checking first gives "binary file" rather than a confusing encoding error.
    if (bytes.includes(0)) return { ok: false, reason: "binary file (contains NUL bytes)" };
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      return {
        ok: false,
        reason: `not UTF-8 text (invalid byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, "0")} at byte ${at}); save it as UTF-8`,
      };
    }
  }
  if (text.includes("\0")) return { ok: false, reason: "binary file (contains NUL characters)" };
  if (text.trim() === "") return { ok: false, reason: "empty" };
  const controls = countControls(text);
  if (controls / text.length > MAX_CONTROL_SHARE) {
    return { ok: false, reason: `binary file (${Math.round((100 * controls) / text.length)}% control characters)` };
  }
  return { ok: true, text };
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
