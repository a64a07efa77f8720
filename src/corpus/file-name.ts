/**
 * The stem of a file name that is safe to create in a reports folder, from any name or title: only
 * the last path segment ("../../x" → "x"), Unicode NFC, no control or invisible characters, runs of
 * spaces and anything but letters (Vietnamese included), digits and `._-()` turned into one "_",
 * no leading or trailing dot, dash or "_" (no hidden files, no option look-alikes), at most `max`
 * characters; `fallback` when nothing is left. The same name always gives the same stem.
 */
export function safeFileStem(name: string, max: number, fallback: string): string {
  const stem = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[^\p{L}\p{M}\p{N}._()-]+/gu, "_")
    .replace(/_+/g, "_")
    .replace(/^[._\-\s]+|[._\-\s]+$/gu, "");
  const clipped = Array.from(stem).slice(0, max).join("").replace(/[._-]+$/u, "");
  return clipped === "" ? fallback : clipped;
}
