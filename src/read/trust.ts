/**
 * Is extracted text what the document shows? A PDF font without a Unicode map gives text of glyph
 * numbers; a damaged file gives control characters. Such text is reported, never indexed quietly.
 */
import { reason } from "./reasons.ts";
import type { Reason } from "./reasons.ts";
import { isVietnameseSyllable, VIETNAMESE_MARKED } from "./syllable.ts";

/** Characters Vietnamese or English report text is made of. */
const PLAUSIBLE = /[\p{Script=Latin}\p{N}\p{M}\s.,;:!?'"“”‘’()[\]{}\-–—…%/&+*=<>#@§°•·«»_|~$€₫]/u;

/** Below this share of plausible characters, text is not trusted. */
const MIN_PLAUSIBLE = 0.85;
/** Below this share of well-formed syllables among words with Vietnamese marks, text is not trusted. */
const MIN_MARKED_SYLLABLES = 0.5;

/** Why `text` cannot be trusted, or `undefined` when it reads as text. */
export function distrust(text: string): Reason | undefined {
  const chars = Array.from(text.replace(/\s+/gu, ""));
  if (chars.length === 0) return reason("read.trust_no_text");
  const plausible = chars.filter((c) => PLAUSIBLE.test(c)).length / chars.length;
  if (plausible < MIN_PLAUSIBLE) return reason("read.trust_unreadable", { percent: Math.round(100 * (1 - plausible)) });
  const marked = text.split(/\s+/u).map((w) => w.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "")).filter((w) => VIETNAMESE_MARKED.test(w));
  if (marked.length >= 10) {
    const good = marked.filter((w) => isVietnameseSyllable(w)).length / marked.length;
    if (good < MIN_MARKED_SYLLABLES) return reason("read.trust_garbled", { percent: Math.round(100 * (1 - good)) });
  }
  return undefined;
}
