import type { Context, MiddlewareFn } from "grammy";

/** Options for {@link rateLimit}. */
export interface RateLimitOptions {
  /** Messages (or button presses) per key per minute, on average; also the burst allowed at once. */
  perMinute: number;
  /** The key an update counts against (the user), or `undefined` for updates not limited. */
  key: (ctx: Context) => string | undefined;
  /** Told once when a key's questions start waiting: `everyMs` is the pace they are answered at. */
  onQueued: (ctx: Context, everyMs: number) => Promise<unknown>;
  /** Told for each message beyond the queue, which is not answered; `retryMs` is when a new one would be. */
  onRefused: (ctx: Context, retryMs: number) => Promise<unknown>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  /** Tokens left; below zero, the number of updates waiting for one. */
  tokens: number;
  at: number;
  /** Whether this key was told its questions wait, since it last had tokens to spare. */
  told: boolean;
}

/**
 * A per-user rate limit that loses nothing: a token bucket of `perMinute` tokens refilled at
 * `perMinute` a minute. A message beyond the tokens waits for the next one (in its chat's order,
 * since chats are handled one update at a time) and the sender is told once; beyond a queue of a
 * quarter-minute's worth, a message is refused with a reply saying so, never dropped in silence.
 * A button press beyond the tokens is answered with a short notice, not queued (it is instant or
 * pointless).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareFn<Context> {
  const capacity = Math.max(1, options.perMinute);
  const perMs = capacity / 60_000;
  const maxQueued = Math.max(1, Math.ceil(capacity / 4));
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const buckets = new Map<string, Bucket>();

  return async (ctx, next) => {
    const key = options.key(ctx);
    if (key === undefined) return next();
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: t, told: false };
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (bucket.tokens >= 1) bucket.told = false;
      return next();
    }
    const waitMs = Math.ceil((1 - bucket.tokens) / perMs);
    if (ctx.callbackQuery !== undefined || bucket.tokens - 1 < -maxQueued) {
      await options.onRefused(ctx, waitMs);
      return;
    }
    bucket.tokens -= 1; // reserved: the token that comes in `waitMs` is this update's
    if (!bucket.told) {
      bucket.told = true;
      await options.onQueued(ctx, Math.ceil(1 / perMs));
    }
    await sleep(waitMs);
    return next();
  };
}
