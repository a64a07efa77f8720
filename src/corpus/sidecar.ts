/**
 * `NAME.meta.json` next to `NAME.txt` (or `NAME.md`, `NAME.pdf`, … any report format): metadata the text does not state or states
 * wrongly — the real title, the publication date, the source URL. Its fields override what was
 * detected from the text.
 */
import { z } from "zod";
import { allReasons, reason, textReason } from "../read/mod.ts";
import type { Reason } from "../read/mod.ts";

const text = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .transform((s) => s.normalize("NFC"));

/**
 * The sidecar's shape. Unknown keys are refused rather than ignored, so a misspelt "tittle" is
 * reported instead of silently doing nothing.
 */
export const SidecarSchema = z.strictObject({
  title: text.optional(),
  date: z.iso.date("expected a date as YYYY-MM-DD").optional(),
  url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  organisation: text.optional(),
  author: text.optional(),
});

/** The metadata a valid sidecar gives. */
export type Sidecar = z.infer<typeof SidecarSchema>;

/** The path of the sidecar for a report file: `a/b.txt` → `a/b.meta.json` (`a/b.pdf` → `a/b.meta.json`). */
export function sidecarPathFor(file: string): string {
  return file.replace(/\.(?:txt|md|docx?|pdf|html?|odt)$/i, "") + ".meta.json";
}

/** Validates a parsed sidecar; on failure, the reason naming each field and its problem. */
export function parseSidecar(value: unknown): { ok: true; sidecar: Sidecar } | { ok: false; reason: Reason } {
  const result = SidecarSchema.safeParse(value);
  if (result.success) return { ok: true, sidecar: result.data };
  return { ok: false, reason: allReasons(result.error.issues.map(issueReason)) };
}

/** One problem of a sidecar in the admin's language: the sidecar is theirs to fix, so it names the field. */
function issueReason(issue: z.core.$ZodIssue): Reason {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") return reason("corpus.sidecar_unknown_fields", { fields: issue.keys.map((k) => `"${k}"`).join(", ") });
  if (field === "date") return reason("corpus.sidecar_bad_date");
  if (field === "url") return reason("corpus.sidecar_bad_url");
  if (field === "") return issue.code === "invalid_type" ? reason("corpus.sidecar_not_object") : textReason(issue.message);
  if (issue.code === "too_small") return reason("corpus.sidecar_empty_field", { field });
  if (issue.code === "invalid_type") return reason("corpus.sidecar_not_text", { field });
  return textReason(`${field}: ${issue.message}`);
}
