/**
 * Questions while a reindex runs in the same process, as in the bot: the question service answers
 * from the index in force while `reindex()` re-reads the reports, re-embeds the changed ones and
 * writes a new generation. Each question's latency is measured from the moment it is asked, so
 * time spent waiting for a busy event loop counts.
 */
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import type { Config } from "../config.ts";
import type { Embedder } from "../embed/mod.ts";
import { openQaService } from "../service/mod.ts";
import { latencies, summarize, type Latency } from "./stats.ts";

/** Pause between questions, so questions arrive at a steady pace rather than back to back. */
const QUESTION_GAP_MS = 50;

/** Idle and during-reindex question latency. */
export interface ResponsivenessFigures {
  idle: Latency;
  duringReindex: Latency;
  reindexMs: number;
  reindexPassages: number;
}

/**
 * Opens the service on the index in `config`, asks `questions` idle, then calls `change()` (which
 * edits report files) and asks questions until the reindex it starts has finished.
 */
export async function measureResponsiveness(config: Config, embedder: Embedder, questions: readonly string[], change: () => Promise<void>): Promise<ResponsivenessFigures> {
  const service = await openQaService(config, { logger: pino({ level: "silent" }), embedder });
  try {
    const idle = summarize(
      await latencies(questions, async (q) => {
        await service.ask(q);
        await sleep(QUESTION_GAP_MS);
      }),
    );
    await change();
    let done = false;
    const start = performance.now();
    const reindex = service.reindex().finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      const asked = performance.now();
      await service.ask(questions[during.length % questions.length]!);
      during.push(performance.now() - asked);
      await sleep(QUESTION_GAP_MS);
    }
    const summary = await reindex;
    return { idle, duringReindex: summarize(during), reindexMs: performance.now() - start, reindexPassages: summary.passagesEmbedded };
  } finally {
    await service.close();
  }
}
