import { randomBytes } from "node:crypto";

/**
 * Server-side state for inline buttons. `callback_data` holds at most 64 bytes, so a button carries
 * only a short random key into this cache; entries expire after `ttlMs` (from when they were put).
 */
export interface ResultCache<T> {
  /** Stores `value` and returns its key (11 URL-safe characters). */
  put(value: T): string;
  /** The value under `key`, or `undefined` when it never existed or has expired. */
  get(key: string): T | undefined;
  /** Entries currently held (expired ones included until the next sweep). */
  readonly size: number;
}

/** Options for {@link createResultCache}. */
export interface ResultCacheOptions {
  ttlMs: number;
  /** Oldest entries are dropped beyond this many, so memory stays bounded (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

/** A {@link ResultCache} over a plain Map; expired entries are swept whenever one is added. */
export function createResultCache<T>(options: ResultCacheOptions): ResultCache<T> {
  const { ttlMs, maxEntries = 10_000, now = Date.now } = options;
  const entries = new Map<string, { value: T; expires: number }>();
  const sweep = () => {
    const t = now();
    // Insertion order is expiry order (one TTL for all), so the sweep stops at the first live entry.
    for (const [key, entry] of entries) {
      if (entry.expires > t && entries.size <= maxEntries) break;
      entries.delete(key);
    }
  };
  return {
    put(value) {
      sweep();
      let key = randomBytes(8).toString("base64url");
      while (entries.has(key)) key = randomBytes(8).toString("base64url");
      entries.set(key, { value, expires: now() + ttlMs });
      if (entries.size > maxEntries) sweep();
      return key;
    },
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    get size() {
      return entries.size;
    },
  };
}
