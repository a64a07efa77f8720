/**
 * A cited passage must contain the answer: every gold snippet of the development questions (text
 * copied verbatim from the reports) must survive cleaning and lie whole inside one passage.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkReport } from "../../src/corpus/mod.ts";
import type { ChunkConfig } from "../../src/config.ts";
import { DEFAULT_CHUNK, SEEDS_DEV_FILE, loadSeeds, squash } from "./fixtures.ts";

interface DevQuestion {
  id: string;
  doc: string | string[] | null;
  gold: string[];
}

const questions: DevQuestion[] = existsSync(SEEDS_DEV_FILE)
  ? readFileSync(SEEDS_DEV_FILE, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as DevQuestion)
  : [];
const seeds = loadSeeds();
const cases = questions.flatMap((q) => q.gold.map((gold, i) => ({ name: `${q.id}.${i + 1}`, docs: [q.doc ?? []].flat(), gold })));

describe.skipIf(questions.length === 0)("gold snippets of seeds-dev.jsonl", () => {
  it("has snippets to check", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  describe.each<[string, ChunkConfig]>([
    ["default settings", DEFAULT_CHUNK],
    ["small passages (60/90, overlap 1)", { targetWords: 60, maxWords: 90, overlapSentences: 1 }],
  ])("%s", (_, chunk) => {
    const passages = new Map([...seeds].map(([file, report]) => [file, chunkReport(report, chunk).map((p) => squash(p.text))]));

    it.each(cases)("$name lies whole inside one passage of its report", ({ docs, gold }) => {
      const wanted = squash(gold);
      expect(docs.some((doc) => passages.get(doc)?.some((text) => text.includes(wanted))), wanted).toBe(true);
    });
  });
});
