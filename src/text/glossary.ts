import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { FixableError } from "../errors.ts";
import { foldDiacritics } from "./fold.ts";
import { normalizeText } from "./normalize.ts";

/** One abbreviation and what it stands for. */
export interface GlossaryEntry {
  /** The written forms of the abbreviation ("TPHCM", "TP.HCM"). */
  abbr: string[];
  /** What it stands for ("Thành phố Hồ Chí Minh"); the first is the main one. */
  expansions: string[];
  /**
   * Match the abbreviation only as written (capitals), for abbreviations that are also ordinary
   * words when written in lower case ("CAO" vs "cao").
   */
  matchCase: boolean;
}

/** Abbreviations of the reports' domain, so "ANTT" and "an ninh trật tự" find each other. */
export interface Glossary {
  entries: GlossaryEntry[];
  /** Where the glossary came from (a file path), for messages. */
  source: string;
}

/** A glossary file that cannot be used: names the file and, when known, the entry at fault. */
export class GlossaryError extends FixableError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

const nonEmpty = z.string().trim().min(1, "must not be empty");
const EntrySchema = z.object({
  abbr: z.union([nonEmpty, z.array(nonEmpty).min(1, "needs at least one form")]),
  expansions: z.array(nonEmpty).min(1, "needs at least one expansion"),
  matchCase: z.boolean().optional(),
  note: z.string().optional(),
});
const GlossarySchema = z.object({
  version: z.literal(1, "must be 1"),
  entries: z.array(z.unknown()),
});

/**
 * Checks parsed JSON against the glossary format and returns the glossary. Throws a
 * {@link GlossaryError} naming `source` and the first bad entry ("entry 3 (ANTT): expansions …").
 */
export function parseGlossary(json: unknown, source: string): Glossary {
  const top = GlossarySchema.safeParse(json);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    throw new GlossaryError(source, `${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  const entries = top.data.entries.map((raw, i) => {
    const parsed = EntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const abbr = typeof raw === "object" && raw !== null && "abbr" in raw ? ` (${JSON.stringify(raw.abbr)})` : "";
      const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      throw new GlossaryError(source, `entry ${i + 1}${abbr}: ${where}${issue.message}`);
    }
    const { abbr, expansions, matchCase } = parsed.data;
    return { abbr: typeof abbr === "string" ? [abbr] : abbr, expansions, matchCase: matchCase ?? false };
  });
  return { entries, source };
}

/**
 * Reads and checks a glossary file (JSON; its format is described in its own `_comment` field,
 * see `prompts/glossary.json`). Throws a {@link GlossaryError} when the file is missing, is not
 * JSON, or has a bad entry.
 */
export function loadGlossary(file: string): Glossary {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new GlossaryError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GlossaryError(file, `is not valid JSON (${(error as Error).message})`);
  }
  return parseGlossary(json, file);
}

/**
 * The glossary in `file` when the file exists, `undefined` when it does not (the glossary is
 * optional). A file that exists but is broken still throws a {@link GlossaryError}: silently
 * searching without the glossary someone edited would be worse.
 */
export function loadGlossaryIfPresent(file: string): Glossary | undefined {
  if (!existsSync(file)) return undefined;
  return loadGlossary(file);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A form as a whole-word pattern: no letter or digit may touch it on either side. */
function wholeWord(form: string, flags: string): RegExp {
  const body = escapeRegExp(form).replace(/\s+/g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`, flags);
}

/** Folded canonical form, where typed-without-diacritics and accented text meet. */
const comparable = (s: string) => foldDiacritics(normalizeText(s));

/**
 * The glossary forms a text does not contain but should be searched with, grouped by entry: for
 * every entry the text mentions (by an abbreviation or an expansion, with or without diacritics,
 * in any case unless the entry says `matchCase`), the entry's other forms.
 * "ANTT ở Hà Tĩnh" → [["an ninh trật tự"]]; "an ninh trat tu" → [["ANTT"]].
 */
export function glossaryAdditions(text: string, glossary: Glossary): string[][] {
  const folded = comparable(text);
  const foldedCased = foldDiacritics(text.normalize("NFC"));
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const forms of compiledEntries(glossary)) {
    const found = forms.map(({ pattern, cased }) => pattern.test(cased ? foldedCased : folded));
    if (!found.some(Boolean)) continue;
    const group: string[] = [];
    forms.forEach(({ form, key }, i) => {
      if (found[i] || seen.has(key)) return;
      seen.add(key);
      group.push(form);
    });
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

/** One form of an entry, with the pattern that finds it in a question. */
interface CompiledForm {
  form: string;
  /** Its folded canonical form, so a form is added once however many entries name it. */
  key: string;
  pattern: RegExp;
  /** Matched against the question with its case kept (an abbreviation of a `matchCase` entry). */
  cased: boolean;
}

/**
 * Each entry's forms with their patterns, compiled once per glossary: every question is checked
 * against every form, and compiling a hundred patterns per question cost more than the search.
 */
const compiled = new WeakMap<Glossary, CompiledForm[][]>();
function compiledEntries(glossary: Glossary): CompiledForm[][] {
  let entries = compiled.get(glossary);
  if (entries === undefined) {
    entries = glossary.entries.map((entry) => [
      ...entry.abbr.map((form) => compileForm(form, entry.matchCase)),
      ...entry.expansions.map((form) => compileForm(form, false)),
    ]);
    compiled.set(glossary, entries);
  }
  return entries;
}

function compileForm(form: string, cased: boolean): CompiledForm {
  const pattern = cased ? wholeWord(foldDiacritics(form.normalize("NFC")), "u") : wholeWord(comparable(form), "u");
  return { form, key: comparable(form), pattern, cased };
}

