/**
 * `.env.example` and docs/configuration.md are where people learn the settings' names and defaults:
 * a name the configuration does not read, a setting missing from them, or a default that is not the
 * default sends someone hunting for a setting that does nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.join(repo, file), "utf8");
/** The repository itself, so a file setting shown with its default (GLOSSARY_FILE) names a file that exists. */
const ROOT = repo;
/** With an LLM configured, so the LLM settings' values show in the parsed configuration. */
const BASE = { LLM_BASE_URL: "http://localhost:11434/v1", LLM_MODEL: "a-model" };

/** The environment variables the configuration reads, as it reads them. */
function settingsRead(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key === "string" && /^[A-Z][A-Z0-9_]*$/.test(key)) seen.add(key);
      return undefined;
    },
  });
  parseConfig(env, ROOT);
  return seen;
}

/** `NAME=value` and `# NAME=value` lines of `.env.example` (indented examples inside comments are not settings). */
function exampleLines(): { name: string; value: string }[] {
  return [...read(".env.example").matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({ name: m[1]!, value: m[2]!.trim() }));
}

/** Table rows of docs/configuration.md before its install-time section: setting, default column, and the next column. */
function documentedRows(): { name: string; defaultCell: string; nextCell: string }[] {
  const text = read("docs/configuration.md").split(/^## At install time/m)[0]!;
  return [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|([^|]*)\|/gm)].map((m) => ({ name: m[1]!, defaultCell: m[2]!.trim(), nextCell: m[3]!.trim() }));
}

/** "1–10,000", "−1–1" or "≥ 1" in an "allowed" column → the bounds; anything else (names, URLs) → undefined. */
function range(cell: string): { min: number; max?: number } | undefined {
  const num = (s: string) => Number(s.replace(/,/g, "").replace("−", "-"));
  const between = /^(−?[\d.,]+)–(−?[\d.,]+)$/.exec(cell);
  if (between) return { min: num(between[1]!), max: num(between[2]!) };
  const atLeast = /^≥ ([\d.,]+)$/.exec(cell);
  return atLeast ? { min: num(atLeast[1]!) } : undefined;
}

/** Names in `listed` the configuration does not read, and names it reads that `listed` lacks. */
function mismatch(listed: readonly string[]): { unknown: string[]; missing: string[] } {
  const read = settingsRead();
  return { unknown: listed.filter((n) => !read.has(n)), missing: [...read].filter((n) => !listed.includes(n)) };
}

/** Whether setting `name` to `value` leaves the configuration exactly as it is without it. */
const isDefault = (name: string, value: string) => expect(parseConfig({ ...BASE, [name]: value }, ROOT), `${name}=${value}`).toEqual(parseConfig(BASE, ROOT));

describe("documented settings", () => {
  it(".env.example names every setting the configuration reads, and no other", () => {
    const names = exampleLines().map((l) => l.name);
    expect(new Set(names).size, "a setting listed twice").toBe(names.length);
    expect(mismatch(names)).toEqual({ unknown: [], missing: [] });
  });

  it("docs/configuration.md documents every setting once, and no other", () => {
    const names = documentedRows().map((r) => r.name);
    expect(new Set(names).size, "a setting documented twice").toBe(names.length);
    expect(mismatch(names)).toEqual({ unknown: [], missing: [] });
  });

  it("the defaults shown in .env.example are the defaults", () => {
    const shown = exampleLines().filter((l) => l.value !== "");
    expect(shown.length).toBeGreaterThan(20);
    for (const { name, value } of shown) isDefault(name, value);
  });

  it("the defaults in docs/configuration.md are the defaults", () => {
    const shown = documentedRows().flatMap((r) => {
      const literal = /^`([^`]+)`$/.exec(r.defaultCell);
      return literal ? [{ name: r.name, value: literal[1]! }] : [];
    });
    expect(shown.length).toBeGreaterThan(20);
    for (const { name, value } of shown) isDefault(name, value);
  });

  it("the allowed ranges in docs/configuration.md are the ranges enforced", () => {
    const ranged = documentedRows().flatMap((r) => {
      const bounds = range(r.nextCell);
      return bounds ? [{ name: r.name, ...bounds }] : [];
    });
    expect(ranged.length).toBeGreaterThan(20);
    // CHUNK_MAX_WORDS may not be below CHUNK_TARGET_WORDS: each is tried with the other out of its way.
    const companions: Record<string, Record<string, string>> = { CHUNK_TARGET_WORDS: { CHUNK_MAX_WORDS: "4000" }, CHUNK_MAX_WORDS: { CHUNK_TARGET_WORDS: "20" } };
    const accepts = (name: string, value: number) => {
      try {
        parseConfig({ ...BASE, ...companions[name], [name]: String(value) }, ROOT);
        return true;
      } catch {
        return false;
      }
    };
    for (const { name, min, max } of ranged) {
      // A step of 1 goes past an integer bound; a fractional bound is stepped past by a hundredth.
      const step = Number.isInteger(min) && (max === undefined || Number.isInteger(max)) ? 1 : 0.01;
      expect([accepts(name, min), accepts(name, min - step)], `${name} from ${min}`).toEqual([true, false]);
      if (max !== undefined) expect([accepts(name, max), accepts(name, max + step)], `${name} up to ${max}`).toEqual([true, false]);
    }
  });
});
