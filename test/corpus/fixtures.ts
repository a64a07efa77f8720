/** The real reports in `seeds/`, read once per test file, and the default chunk settings. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChunkConfig } from "../../src/config.ts";
import { readReport } from "../../src/corpus/mod.ts";
import type { Report } from "../../src/corpus/mod.ts";
import { englishReason } from "../../src/render/mod.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The five reports shipped with the repository. */
export const SEEDS_DIR = path.join(REPO_ROOT, "seeds");

/** The default chunk settings of src/config.ts (CHUNK_TARGET_WORDS, CHUNK_MAX_WORDS, CHUNK_OVERLAP_SENTENCES). */
export const DEFAULT_CHUNK: ChunkConfig = { targetWords: 160, maxWords: 220, overlapSentences: 1 };

/** Every seed report, by file name, read through the same function the scan uses. */
export function loadSeeds(): Map<string, Report> {
  const out = new Map<string, Report>();
  for (const file of readdirSync(SEEDS_DIR).filter((f) => f.endsWith(".txt")).sort()) {
    const outcome = readReport(readFileSync(path.join(SEEDS_DIR, file)), file);
    if (!outcome.ok) throw new Error(`${file} was skipped: ${englishReason(outcome.skipped.reason)}`);
    out.set(file, outcome.report);
  }
  return out;
}

/** The report whose file name starts with `prefix` ("002"). */
export function seed(seeds: Map<string, Report>, prefix: string): Report {
  const found = [...seeds.values()].find((r) => r.file.startsWith(prefix));
  if (found === undefined) throw new Error(`no seed ${prefix}`);
  return found;
}

/** Whitespace folded, for comparing snippets with passages. */
export const squash = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
