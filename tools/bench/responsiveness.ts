/**
 * Questions while a reindex runs, as in the bot: the question service answers from the index in
 * force while `reindex()` — in its child process, at a lower priority, exactly as the bot runs it —
 * re-reads the reports, re-embeds the changed ones and writes a new generation, which the service
 * then loads. Questions arrive on a fixed schedule and each latency runs from its arrival, so time
 * spent waiting for a busy event loop counts (see {@link openLoopLatencies}).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import pino from "pino";
import type { Config } from "../../src/config.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { EmbedderModule } from "../../src/service/mod.ts";
import { openLoopLatencies, latencySummary, type Latency } from "./stats.ts";

/** Questions arrive one a second: a busy moment for one organisation's bot (at 4/s this machine saturates during a reindex and the queue, not the reindex, dominates). */
const QUESTION_GAP_MS = 1000;
/** Questions asked while idle, for the baseline. */
const IDLE_QUESTIONS = 30;

/** Idle and during-reindex question latency. */
export interface ResponsivenessFigures {
  idle: Latency;
  duringReindex: Latency;
  reindexMs: number;
  reindexPassages: number;
  /**
   * The longest time the service's event loop was held during the reindex (a question arriving then
   * waits that long): with the build in a child process, that is loading the new generation.
   */
  longestPauseMs: number;
}

/**
 * Opens the service on the index in `config`, asks `questions` idle, then calls `change()` (which
 * edits report files) and asks questions until the reindex it starts has finished. `embedder`
 * answers the questions; the reindex process makes its own from `reindexEmbedder`.
 */
export async function measureResponsiveness(
  config: Config,
  embedder: Embedder,
  reindexEmbedder: EmbedderModule,
  questions: readonly string[],
  change: () => Promise<void>,
): Promise<ResponsivenessFigures> {
  const service = await openQaService(config, { logger: pino({ level: "silent" }), embedder, reindexEmbedder });
  try {
    const ask = (i: number) => service.ask(questions[i % questions.length]!);
    await ask(0); // warm-up: the first question compiles the search path
    const idle = latencySummary(await openLoopLatencies(QUESTION_GAP_MS, () => false, ask, Math.min(questions.length, IDLE_QUESTIONS)));
    await change();
    let done = false;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const start = performance.now();
    const reindex = service.reindex().finally(() => (done = true));
    const during = await openLoopLatencies(QUESTION_GAP_MS, () => done, ask);
    const summary = await reindex;
    loop.disable();
    return {
      idle,
      duringReindex: latencySummary(during),
      reindexMs: performance.now() - start,
      reindexPassages: summary.passagesEmbedded,
      longestPauseMs: loop.max / 1e6,
    };
  } finally {
    await service.close();
  }
}
