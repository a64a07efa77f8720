import type { Context, MiddlewareFn } from "grammy";

/**
 * The updates being handled, so that stopping can wait for the answers in flight instead of
 * cutting them off: the runner's stop only ends fetching, it does not wait for handlers.
 */
export interface InFlight {
  /** Put first in the middleware chain: counts an update from arrival (queued behind its chat included) to the end of its handling. */
  middleware: MiddlewareFn<Context>;
  /**
   * Waits until every update in hand is handled, or `timeoutMs` has passed; returns the contexts
   * of those still unfinished then (their askers are to be told).
   */
  drain(timeoutMs: number): Promise<Context[]>;
  size(): number;
}

/** A new, empty {@link InFlight}. */
export function createInFlight(): InFlight {
  const handling = new Map<Context, Promise<void>>();
  return {
    async middleware(ctx, next) {
      const work = next();
      const done = work.then(
        () => undefined,
        () => undefined,
      );
      handling.set(ctx, done);
      try {
        await work;
      } finally {
        handling.delete(ctx);
      }
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      // Handling one update may queue no others (fetching has stopped), so one wait over those in hand is enough.
      await Promise.race([Promise.all([...handling.values()]), timeout]);
      clearTimeout(timer);
      return [...handling.keys()];
    },
    size: () => handling.size,
  };
}
