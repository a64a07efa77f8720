/**
 * A string as a file name that is safe on every file system: letters (any script), digits, "-",
 * "_" and "." kept, anything else a "_", at most 80 characters, never empty or hidden.
 */
export function safeFileName(name: string): string {
  const safe = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, "_")
    .replace(/^[._]+/, "")
    .slice(0, 80);
  return safe === "" ? "untitled" : safe;
}
