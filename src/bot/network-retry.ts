import { HttpError } from "grammy";
import type { Transformer } from "grammy";

/** Methods a network failure would otherwise lose (an answer, an edit, a button's reply). */
const RETRIED = /^(send|edit|answer|delete|copy|forward)/;

/** Options for {@link retryNetworkErrors}. */
export interface NetworkRetryOptions {
  /** Further attempts after the first (default 3). */
  attempts?: number;
  /** Wait before the first retry, doubled each time (default 500 ms). */
  firstDelayMs?: number;
  /** Told about each retry (for the log). */
  onRetry?: (method: string, attempt: number, error: HttpError) => void;
}

/**
 * Retries a call that failed on the network ("socket hang up", connection reset, timeout) a few
 * times with a growing pause. auto-retry's own retry of network errors never gives up, which
 * would hold a chat's queue forever; this one is bounded. getUpdates is left to the runner, which
 * retries polling itself. A retried send may, rarely, arrive twice (the first attempt reached
 * Telegram but its answer was lost): a duplicate answer is better than none.
 */
export function retryNetworkErrors(options: NetworkRetryOptions = {}): Transformer {
  const attempts = options.attempts ?? 3;
  const firstDelayMs = options.firstDelayMs ?? 500;
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || !RETRIED.test(method) || attempt >= attempts || signal?.aborted === true) throw error;
        options.onRetry?.(method, attempt + 1, error);
        await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** attempt));
      }
    }
  };
}
