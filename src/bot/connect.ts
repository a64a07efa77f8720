import { GrammyError } from "grammy";
import type { Bot } from "grammy";
import type { Logger } from "../log.ts";

/** Options for {@link connectWithRetry}. */
export interface ConnectOptions {
  /** First wait after a failure; doubled after each, up to `maxDelayMs` (default 1 s and 60 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Stops retrying (the promise rejects with the last failure). */
  signal?: AbortSignal;
}

/**
 * `bot.init()` (getMe) until the Bot API answers: a server that cannot be reached (network down,
 * wrong TELEGRAM_API_ROOT, a proxy not up yet) is logged on every attempt with the wait before the
 * next, doubling up to a minute, instead of a silent hang or a crash loop. An answer from the
 * server that is an error (401: a bad token) is not retried.
 */
export async function connectWithRetry(bot: Pick<Bot, "init">, log: Logger, options: ConnectOptions = {}): Promise<void> {
  const max = options.maxDelayMs ?? 60_000;
  let delay = options.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await bot.init();
      if (attempt > 1) log.info({ attempts: attempt }, "Telegram Bot API reached");
      return;
    } catch (error) {
      if (error instanceof GrammyError || options.signal?.aborted) throw error;
      log.warn({ attempt, retryInMs: delay, reason: (error as Error).message }, "Telegram Bot API unreachable; retrying");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        options.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (options.signal?.aborted) throw error;
      delay = Math.min(max, delay * 2);
    }
  }
}

/**
 * Logs long-polling failures (the runner retries them with its own back-off, but only prints to
 * stderr): the first failure of a streak and every tenth after it, and when updates flow again.
 */
export function logPollingFailures(bot: Bot, log: Logger): void {
  let failures = 0;
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (failures > 0) log.info({ failures }, "Telegram Bot API reachable again");
      failures = 0;
      return result;
    } catch (error) {
      failures++;
      if (failures === 1 || failures % 10 === 0) log.warn({ failures, reason: (error as Error).message }, "fetching updates failed; retrying with back-off");
      throw error;
    }
  });
}
