import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FixableError } from "../errors.ts";
import { z } from "zod";
import type { Lang } from "../text/mod.ts";

/** All user-facing texts, by language and key (see `prompts/messages.json`). */
export type Messages = Record<Lang, Record<string, string>>;

/** The default messages file, shipped in `prompts/`. */
export const DEFAULT_MESSAGES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prompts/messages.json");

const Table = z.record(z.string(), z.string());
const MessagesSchema = z.object({ vi: Table, en: Table });

/**
 * Loads and checks a messages file: both languages must define the same keys, so no user ever
 * sees a raw key. Throws naming the file and the first missing key.
 */
export function loadMessages(file = DEFAULT_MESSAGES_FILE): Messages {
  let parsed: Messages;
  try {
    parsed = MessagesSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new FixableError(`${file}: not a valid messages file (${(error as Error).message.split("\n")[0]})`, { cause: error });
  }
  for (const [a, b] of [["vi", "en"], ["en", "vi"]] as const) {
    const missing = Object.keys(parsed[a]).find((k) => !(k in parsed[b]));
    if (missing !== undefined) throw new FixableError(`${file}: "${missing}" is in "${a}" but missing in "${b}"`);
  }
  return parsed;
}

/**
 * The text for `key` in `lang` with `{name}` placeholders filled in. Values are inserted as given:
 * a caller rendering HTML escapes them first.
 */
export function message(messages: Messages, lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const template = messages[lang][key] ?? messages.vi[key];
  if (template === undefined) throw new Error(`no message "${key}" in the messages file`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
