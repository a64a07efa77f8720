/**
 * A cited passage must contain the answer: every answer snippet (text copied verbatim from the
 * reports) must survive cleaning and lie whole inside one passage of its report. The repository's
 * own seed questions are always checked; the shared development questions too when they sit beside
 * the repository (they are held-out data, absent from a CI clone).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkReport } from "../../src/corpus/mod.ts";
import type { ChunkConfig } from "../../src/config.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { SEEDS_DEV_FILE } from "../helpers/test-model.ts";
import { DEFAULT_CHUNK, loadSeeds, squash } from "./fixtures.ts";

interface DevQuestion {
  id: string;
  doc: string | string[] | null;
  gold: string[];
}

interface SnippetCase {
  name: string;
  docs: string[];
  gold: string;
}

const devQuestions: DevQuestion[] = existsSync(SEEDS_DEV_FILE)
  ? readFileSync(SEEDS_DEV_FILE, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as DevQuestion)
  : [];
const seeds = loadSeeds();
const seedCases: SnippetCase[] = SEED_QUESTIONS.map((q) => ({ name: q.id, docs: [q.doc], gold: q.gold }));
const devCases: SnippetCase[] = devQuestions.flatMap((q) => q.gold.map((gold, i) => ({ name: `${q.id}.${i + 1}`, docs: [q.doc ?? []].flat(), gold })));

const SETTINGS: [string, ChunkConfig][] = [
  ["default settings", DEFAULT_CHUNK],
  ["small passages (60/90, overlap 1)", { targetWords: 60, maxWords: 90, overlapSentences: 1 }],
];

/** Checks that each case's snippet lies whole inside one passage of one of its reports, for each setting. */
function describeSnippets(cases: SnippetCase[]) {
  describe.each(SETTINGS)("%s", (_, chunk) => {
    const passages = new Map([...seeds].map(([file, report]) => [file, chunkReport(report, chunk).map((p) => squash(p.text))]));

    it.each(cases)("$name lies whole inside one passage of its report", ({ docs, gold }) => {
      const wanted = squash(gold);
      expect(docs.some((doc) => passages.get(doc)?.some((text) => text.includes(wanted))), wanted).toBe(true);
    });
  });
}

describe("answer snippets of the repository's seed questions", () => {
  it("covers every seed report", () => {
    expect(new Set(seedCases.flatMap((c) => c.docs))).toEqual(new Set(seeds.keys()));
  });

  describeSnippets(seedCases);
});

// Only about the shared file: skipped, with this reason in the test name, when it is absent.
describe.skipIf(devQuestions.length === 0)(`gold snippets of seeds-dev.jsonl (skipped when ${SEEDS_DEV_FILE} is absent)`, () => {
  it("has snippets to check", () => {
    expect(devCases.length).toBeGreaterThanOrEqual(25);
  });

  describeSnippets(devCases);
});
