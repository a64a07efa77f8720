/**
 * Gathers the text a test model's vocabulary is built from. Plain file reading on purpose: the
 * vocabulary only needs the words, not the cleaned reports the corpus stage produces.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

const TEXT_EXTENSIONS = new Set([".txt", ".md"]);

/** The string values of one JSON line (questions, answers…); a line that is not JSON counts as text. */
function jsonLineText(line: string): string {
  try {
    const values: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") values.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(JSON.parse(line));
    return values.join("\n");
  } catch {
    return line;
  }
}

async function readOne(file: string): Promise<string> {
  const content = await readFile(file, "utf8");
  if (file.endsWith(".jsonl")) return content.split("\n").filter((l) => l.trim() !== "").map(jsonLineText).join("\n");
  return content;
}

/**
 * The text of `paths`: files are read as given (`.jsonl` files contribute their string fields, one
 * line each); directories contribute their `.txt` and `.md` files, recursively, in sorted order so
 * the result (and so the model) does not depend on directory listing order.
 */
export async function readVocabularyText(paths: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const entries = (await readdir(p, { recursive: true })).sort();
      for (const entry of entries) {
        const file = path.join(p, entry);
        if (TEXT_EXTENSIONS.has(path.extname(entry).toLowerCase()) && (await stat(file)).isFile()) parts.push(await readOne(file));
      }
    } else {
      parts.push(await readOne(p));
    }
  }
  return parts.join("\n");
}
