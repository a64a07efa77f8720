/**
 * `NAME.meta.json` next to `NAME.txt` (or `NAME.md`, `NAME.pdf`, … any report format): metadata the text does not state or states
 * wrongly — the real title, the publication date, the source URL. Its fields override what was
 * detected from the text.
 */
import { z } from "zod";

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

/** Validates a parsed sidecar; on failure, a one-line reason naming the field and the problem. */
export function parseSidecar(value: unknown): { ok: true; sidecar: Sidecar } | { ok: false; reason: string } {
  const result = SidecarSchema.safeParse(value);
  if (result.success) return { ok: true, sidecar: result.data };
  const problems = result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return { ok: false, reason: problems.join("; ") };
}
