import { NOT_FOUND } from "./prompts.ts";
import type { CheckedAnswer } from "./types.ts";

/**
 * A citation group as models write them: `[1]`, `[1, 2]`, `[1; 2]`, `[1 2]`, and ranges `[1-3]`,
 * `[1–3]`, `[1—3]`, mixed (`[1, 3–4]`). Any number of digits, so that `[2022]` or `[99]` is read as
 * a citation too (and removed when it is not a passage): a bracketed number left in the text would
 * look like one to the reader.
 */
const PART = String.raw`\d+(?:\s*[-–—]\s*\d+)?`;
const GROUP = new RegExp(String.raw`(\s?)\[\s*(${PART}(?:\s*[,;]\s*${PART}|\s+${PART})*)\s*\]`, "gu");

/** The sentinel anywhere, as a word (models sometimes write NOT_FOUND with a space). */
const SENTINEL = String.raw`\b${NOT_FOUND.replaceAll("_", "[_ ]")}\b`;

/** The numbers one group names, ranges expanded to the passages they span, and those that are not passages. */
function readGroup(body: string, valid: ReadonlySet<number>): { kept: number[]; removed: number[] } {
  const kept: number[] = [];
  const removed: number[] = [];
  const keep = (n: number) => void (kept.includes(n) || kept.push(n));
  for (const m of body.matchAll(/(\d+)(?:\s*[-–—]\s*(\d+))?/gu)) {
    const a = Number(m[1]);
    if (m[2] === undefined) {
      if (valid.has(a)) keep(a);
      else removed.push(a);
      continue;
    }
    const b = Number(m[2]);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    // Only the passages inside the range are kept; an end that is not a passage is reported.
    for (const n of [...valid].sort((x, y) => x - y)) if (n >= lo && n <= hi) keep(n);
    for (const end of new Set([lo, hi])) if (!valid.has(end)) removed.push(end);
  }
  return { kept, removed };
}

/**
 * Checks every citation in `text` against the passage numbers given (`valid`): each group is
 * rewritten as `[1][2]` with only the numbers that are passages; a group with none is removed
 * (with the space before it). Returns the new text, the numbers cited (in order of first
 * citation) and the numbers removed.
 */
export function checkCitations(text: string, valid: Iterable<number>): CheckedAnswer {
  const passages = new Set(valid);
  const cited: number[] = [];
  const removed: number[] = [];
  const out = text.replace(GROUP, (_whole, space: string, body: string) => {
    const group = readGroup(body, passages);
    removed.push(...group.removed);
    for (const n of group.kept) if (!cited.includes(n)) cited.push(n);
    return group.kept.length === 0 ? "" : `${space}${group.kept.map((n) => `[${n}]`).join("")}`;
  });
  return { text: out, cited, removed };
}

/** True when the reply is the "the passages do not answer" sentinel (possibly in quotes or bold). */
export function isNotFound(text: string): boolean {
  // Leading quotes, backticks, bold or brackets are how models dress the word up.
  return new RegExp(`^[\\s"'\`*_(\\[]*${SENTINEL}`, "iu").test(text);
}

function withoutSentinel(text: string): string {
  return text.replace(new RegExp(SENTINEL, "giu"), "").replace(/[ \t]{2,}/g, " ").trim();
}

/** The outcome of checking a finished reply. */
export type ReplyCheck = ({ kind: "written" } & CheckedAnswer) | { kind: "not_found" } | { kind: "uncited"; removed: number[] };

/**
 * Checks a finished reply: the sentinel means "not found"; otherwise the citations are checked
 * and a reply left without any valid one is refused ("uncited": it is not shown as an answer). A
 * reply that cites nothing valid but mentions the sentinel is taken as "not found". In a reply that
 * does cite, a stray sentinel word is dropped.
 */
export function checkReply(text: string, valid: Iterable<number>): ReplyCheck {
  const trimmed = text.trim();
  if (isNotFound(trimmed)) return { kind: "not_found" };
  const checked = checkCitations(trimmed, valid);
  if (checked.cited.length === 0) return new RegExp(SENTINEL, "iu").test(trimmed) ? { kind: "not_found" } : { kind: "uncited", removed: checked.removed };
  return { kind: "written", ...checked, text: withoutSentinel(checked.text) };
}

/**
 * What may be shown of a reply still being written: the part up to its last complete word (a
 * citation or a word cut mid-way is held back), checked like a finished reply. `undefined` until
 * that part cites at least one valid passage, and while it may still turn into the sentinel.
 */
export function checkDraft(partial: string, valid: Iterable<number>): CheckedAnswer | undefined {
  let upTo = partial.search(/\s\S*$/u);
  if (upTo < 0) return undefined;
  const open = partial.lastIndexOf("[", upTo);
  if (open > partial.lastIndexOf("]", upTo)) upTo = open;
  const settled = partial.slice(0, upTo);
  const check = checkReply(settled, valid);
  return check.kind === "written" ? { text: check.text, cited: check.cited, removed: check.removed } : undefined;
}
