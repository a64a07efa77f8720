import { safeFileStem } from "../corpus/mod.ts";

/** Report formats an admin may upload (lower case, with the dot). */
export const UPLOAD_EXTENSIONS: readonly string[] = [".txt", ".md"];

const MAX_STEM = 100;

/** The file's extension in lower case (".txt"), or "" when it has none. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/**
 * A file name that is safe to create in the reports folder, from the name a user gave: only the
 * last path segment ("../../x.txt" → "x.txt"), Unicode NFC, no control or invisible characters,
 * runs of spaces and anything but letters (Vietnamese included), digits and `._-()` turned into one
 * "_", no leading dot or dash (no hidden files, no option look-alikes), at most 100 characters
 * before the extension, which is kept in lower case. `undefined` when the extension is not one of
 * {@link UPLOAD_EXTENSIONS}. The same input always gives the same name, so re-sending a report
 * under its name replaces it.
 */
export function safeFileName(name: string): string | undefined {
  const base = (name.split(/[\\/]/).pop() ?? "").normalize("NFC").replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu, "");
  const ext = extensionOf(base);
  if (!UPLOAD_EXTENSIONS.includes(ext)) return undefined;
  return `${safeFileStem(base.slice(0, base.length - ext.length), MAX_STEM, "report")}${ext}`;
}
