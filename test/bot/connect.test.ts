import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { connectWithRetry } from "../../src/bot/connect.ts";
import { memoryLogger } from "../e2e/harness.ts";

/** A bot whose getMe fails with a network error `failures` times, then succeeds. */
function flakyBot(failures: number) {
  let calls = 0;
  return {
    calls: () => calls,
    async init() {
      calls++;
      if (calls <= failures) throw new HttpError("Network request for 'getMe' failed!", new Error("connect ECONNREFUSED 127.0.0.1:9"));
    },
  };
}

describe("connecting to the Bot API", () => {
  it("logs every failed attempt with the doubling wait before the next, then says when it got through", async () => {
    const { logger, lines } = memoryLogger();
    const bot = flakyBot(3);
    await connectWithRetry(bot, logger, { firstDelayMs: 10, maxDelayMs: 30 });
    expect(bot.calls()).toBe(4);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; attempt?: number; retryInMs?: number; reason?: string; attempts?: number });
    const retries = logged.filter((l) => l.msg === "Telegram Bot API unreachable; retrying");
    expect(retries.map((l) => [l.attempt, l.retryInMs])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(retries[0]!.reason).toContain("getMe");
    expect(logged.at(-1)).toMatchObject({ msg: "Telegram Bot API reached", attempts: 4 });
  });

  it("does not retry when the server answers with an error (a rejected token)", async () => {
    const { logger } = memoryLogger();
    let calls = 0;
    const bot = {
      async init() {
        calls++;
        throw new GrammyError("Call to 'getMe' failed!", { ok: false, error_code: 401, description: "Unauthorized" }, "getMe", {});
      },
    };
    await expect(connectWithRetry(bot, logger, { firstDelayMs: 10 })).rejects.toBeInstanceOf(GrammyError);
    expect(calls).toBe(1);
  });

  it("stops retrying when told to stop", async () => {
    const { logger } = memoryLogger();
    const stop = new AbortController();
    const bot = flakyBot(Number.POSITIVE_INFINITY);
    setTimeout(() => stop.abort(), 50);
    await expect(connectWithRetry(bot, logger, { firstDelayMs: 10, maxDelayMs: 10, signal: stop.signal })).rejects.toBeInstanceOf(HttpError);
    expect(bot.calls()).toBeGreaterThan(1);
  });
});
