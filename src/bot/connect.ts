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
