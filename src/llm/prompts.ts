import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FixableError } from "../errors.ts";
import type { Lang } from "../text/mod.ts";
import type { LlmPrompts, PromptPair } from "./types.ts";

/** The default prompt templates, shipped in `prompts/llm/`. */
export const DEFAULT_LLM_PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prompts/llm");

/**
 * What the model must reply, exactly, when the passages do not answer. A word no answer contains,
 * so that "the model does not know" is read from the reply by code rather than guessed.
 */
export const NOT_FOUND = "NOT_FOUND";

const LANGS: readonly Lang[] = ["vi", "en"];

/** Placeholders each template must contain, and those it may contain. */
const REQUIRED: Record<keyof PromptPair, readonly string[]> = {
  system: ["not_found"],
  answer: ["passages", "question"],
};
const ALLOWED = new Set(["passages", "question", "not_found"]);

/** The file holding one template: `system.vi.md`, `answer.en.md`, … */
export function promptFile(dir: string, kind: keyof PromptPair, lang: Lang): string {
  return path.join(dir, `${kind}.${lang}.md`);
}

/** The `{name}` placeholders in a template, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * Checks one template: it must say something, contain its required placeholders (without
 * `{passages}` the model would never see the passages; without `{not_found}` it would not know the
 * word code listens for), and no unknown one (a typo would reach the model verbatim).
 */
export function templateProblem(template: string, kind: keyof PromptPair): string | undefined {
  if (template.trim() === "") return "is empty";
  const found = placeholders(template);
  const missing = REQUIRED[kind].filter((name) => !found.includes(name));
  if (missing.length > 0) return `lacks the placeholder ${missing.map((m) => `{${m}}`).join(", ")}`;
  const unknown = found.find((name) => !ALLOWED.has(name));
  if (unknown !== undefined) return `has an unknown placeholder {${unknown}} (known: ${[...ALLOWED].map((a) => `{${a}}`).join(", ")})`;
  return undefined;
}

/**
 * Loads and checks the four templates (system and answer prompt, Vietnamese and English) from
 * `dir`. Throws one error naming the file and what is wrong with it, so a broken prompt stops the
 * bot at start rather than confusing the model later.
 */
export function loadLlmPrompts(dir = DEFAULT_LLM_PROMPTS_DIR): LlmPrompts {
  const read = (kind: keyof PromptPair, lang: Lang): string => {
    const file = promptFile(dir, kind, lang);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new FixableError(`${file}: cannot read the LLM prompt template (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
    const problem = templateProblem(text, kind);
    if (problem !== undefined) throw new FixableError(`${file}: the LLM prompt template ${problem}`);
    return text.trim();
  };
  const pair = (lang: Lang): PromptPair => ({ system: read("system", lang), answer: read("answer", lang) });
  return Object.fromEntries(LANGS.map((lang) => [lang, pair(lang)])) as LlmPrompts;
}

/** A template with its placeholders filled in one pass, so a value is never itself filled in. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
