/**
 * `npm run eval -- --questions FILE | --squad FILE [--corpus DIR] [--distractors FILE.jsonl[.gz]]
 *   [--distractors-limit N] [--index DIR] [--k 10] [--mode dense|lexical|hybrid[,…]]
 *   [--strip-diacritics] [--holdout SHARE] [--json OUT]`
 *
 * Measures retrieval: builds an index of the corpus (a throwaway one unless --index), asks every
 * question in each mode and prints document- and passage-level hit rates, MRR and the "not found"
 * shares, broken down by kind, language and diacritics. Search settings come from the environment
 * as for the bot (FUSION, DENSE_WEIGHT, MIN_*…), so a setting can be tried by prefixing it.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { formatReport, runEval } from "../eval/mod.ts";
import type { EvalMode, EvalOptions } from "../eval/mod.ts";
import { parseArgs, runCommand } from "./run.ts";

const USAGE = `usage: npm run eval -- (--questions FILE.jsonl | --squad FILE.json) [--corpus DIR]
  [--distractors FILE.jsonl[.gz]] [--distractors-limit N] [--index DIR] [--k 10]
  [--mode dense|lexical|hybrid[,…]] [--strip-diacritics] [--holdout SHARE] [--json OUT]`;

const MODES: readonly EvalMode[] = ["dense", "lexical", "hybrid"];
const KNOWN = new Set(["questions", "squad", "corpus", "distractors", "distractors-limit", "holdout", "index", "k", "mode", "strip-diacritics", "json", "help"]);

/** The flags as {@link EvalOptions}, or a one-line reason they are wrong. */
function readFlags(argv: readonly string[]): { options: EvalOptions & { json?: string } } | { error: string } {
  const { flags, words } = parseArgs(argv, ["strip-diacritics", "help"]);
  const unknown = [...flags.keys()].filter((f) => !KNOWN.has(f));
  if (unknown.length > 0) return { error: `unknown option --${unknown[0]}` };
  if (words.length > 0) return { error: `unexpected argument "${words[0]}"` };
  const text = (name: string): string | undefined | Error => {
    const v = flags.get(name);
    if (v === undefined) return undefined;
    return v === true ? new Error(`--${name} needs a value`) : path.resolve(v);
  };
  const count = (name: string, fallback: number | undefined): number | undefined | Error => {
    const v = flags.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    return v === true || !Number.isInteger(n) || n < 1 ? new Error(`--${name}: expected a whole number ≥ 1, got "${v === true ? "" : v}"`) : n;
  };
  const values = {
    questions: text("questions"),
    squad: text("squad"),
    corpus: text("corpus"),
    distractors: text("distractors"),
    index: text("index"),
    json: text("json"),
    k: count("k", 10),
    limit: count("distractors-limit", undefined),
  };
  const bad = Object.values(values).find((v): v is Error => v instanceof Error);
  if (bad !== undefined) return { error: bad.message };
  const v = values as { [K in keyof typeof values]: Exclude<(typeof values)[K], Error> };
  if ((v.questions === undefined) === (v.squad === undefined)) return { error: "give one of --questions FILE or --squad FILE" };
  if (v.limit !== undefined && v.distractors === undefined) return { error: "--distractors-limit needs --distractors" };
  const holdoutFlag = flags.get("holdout");
  let holdout: number | undefined;
  if (holdoutFlag !== undefined) {
    holdout = Number(holdoutFlag);
    if (holdoutFlag === true || !(holdout > 0 && holdout < 1)) return { error: `--holdout: expected a share between 0 and 1 (0.3 = leave 30% of the gold documents out), got "${holdoutFlag === true ? "" : holdoutFlag}"` };
  }
  const modeFlag = flags.get("mode");
  let modes: EvalMode[] = [...MODES];
  if (modeFlag !== undefined) {
    if (modeFlag === true) return { error: "--mode needs a value: dense, lexical or hybrid (comma-separated for several)" };
    modes = [...new Set(modeFlag.split(",").map((m) => m.trim().toLowerCase()))] as EvalMode[];
    const wrong = modes.find((m) => !MODES.includes(m));
    if (wrong !== undefined) return { error: `--mode: expected dense, lexical or hybrid, got "${wrong}"` };
  }
  return {
    options: {
      questions: v.questions,
      squad: v.squad,
      corpus: v.corpus,
      distractors: v.distractors,
      distractorsLimit: v.limit,
      indexDir: v.index,
      k: v.k!,
      modes,
      stripDiacritics: flags.has("strip-diacritics"),
      holdout,
      json: v.json,
    },
  };
}

await runCommand(async (config) => {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const read = readFlags(argv);
  if ("error" in read) {
    console.error(`${read.error}\n${USAGE}`);
    return 2;
  }
  const { json, ...options } = read.options;
  // Ctrl-C stops between steps, so the temporary corpus and index (large with distractors) are removed.
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let report;
  try {
    report = await runEval(config, { ...options, signal: abort.signal, onProgress: (line) => console.error(line) });
  } catch (error) {
    if (abort.signal.aborted) {
      console.error("stopped");
      return 130;
    }
    // A question or distractor file that cannot be read: one line, no stack (FixableErrors, such
    // as a SQuAD file that is not SQuAD, are printed the same way by runCommand).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
      console.error((error as Error).message);
      return 2;
    }
    throw error;
  }
  console.log(formatReport(report));
  if (json !== undefined) {
    await writeFile(json, JSON.stringify(report, null, 1));
    console.log(`every question's results: ${json}`);
  }
  if (report.questions.missingDocs.length > 0) return 1;
  return 0;
});
