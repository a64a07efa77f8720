import { run } from "@grammyjs/runner";
import { GrammyError } from "grammy";
import { loadMessages, message } from "../render/mod.ts";
import { ConfigError } from "../errors.ts";
import { watchSeeds } from "../service/mod.ts";
import type { QaService } from "../service/mod.ts";
import { connectWithRetry } from "./connect.ts";
import { menuCommands } from "./commands.ts";
import { createBot } from "./create-bot.ts";
import { noticeKeywordOnly } from "./keyword-notice.ts";
import type { BotOptions } from "./create-bot.ts";
import { userLang } from "./lang.ts";

/** How long stopping waits for answers in flight before telling their askers to ask again. */
const STOP_ANSWERS_MS = 20_000;

/** Options for {@link startBot}: those of `createBot`, and how the bot is stopped. */
export interface StartOptions extends BotOptions {
  /** Process signals that stop the bot gracefully (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
  /** Stops the bot when aborted (tests, embedding in another program). */
  stop?: AbortSignal;
  /** How long stopping waits for answers in flight (default 20 s); askers still waiting then are told to ask again. */
  stopAnswersMs?: number;
}

/**
 * Runs the bot with long polling until a stop signal: removes any webhook, registers the command
 * menu (in Vietnamese, and in English for English-language apps; failure is only logged), then
 * fetches updates concurrently (@grammyjs/runner). On SIGINT/SIGTERM it stops polling, lets handlers
 * in flight finish, and closes the service, which abandons a reindex under way: the index in force
 * is only ever replaced by a complete one, so nothing half-written is left. A second signal gets
 * the default behaviour (the process ends at once). Resolves once stopped.
 */
export async function startBot(service: QaService, options: StartOptions): Promise<void> {
  const log = options.logger;
  const messages = options.messages ?? loadMessages();
  const { bot, idle, inFlight, store } = createBot(service, { ...options, messages });
  // A failed poll goes to the log (which hides the token), not to stderr: the runner's own report
  // prints the request URL, token included. It retries by itself; only the failure is noted here.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === "getUpdates" && signal?.aborted !== true) log.warn({ reason: (error as Error).message }, "fetching updates failed; retrying");
      throw error;
    }
  });
  // grammY keeps retrying while the server cannot be reached (the network may come up later), so
  // say where it is connecting: a wrong TELEGRAM_API_ROOT shows here rather than as silence.
  log.info({ apiRoot: options.apiRoot ?? service.config.telegram.apiRoot }, "connecting to the Telegram Bot API");
  try {
    await connectWithRetry(bot, log, { signal: options.stop });
  } catch (error) {
    await service.close();
    store.close();
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new ConfigError("TELEGRAM_BOT_TOKEN", "Telegram rejected the token (401 Unauthorized); copy it again from @BotFather");
    }
    throw error;
  }
  await bot.api.deleteWebhook().catch((error: Error) => log.warn({ reason: error.message }, "deleteWebhook failed"));
  try {
    await bot.api.setMyCommands(menuCommands("vi", messages));
    await bot.api.setMyCommands(menuCommands("en", messages), { language_code: "en" });
    // An admin's private chat (its id is the admin's user id) shows the admin commands as well.
    for (const chat_id of service.config.telegram.adminUserIds) {
      await bot.api.setMyCommands(menuCommands("vi", messages, true), { scope: { type: "chat", chat_id } });
      await bot.api.setMyCommands(menuCommands("en", messages, true), { scope: { type: "chat", chat_id }, language_code: "en" });
    }
  } catch (error) {
    log.warn({ reason: (error as Error).message }, "setMyCommands failed; the command menu may be out of date");
  }

  const ops = service.config.operations;
  const watcher = ops.watchSeeds ? watchSeeds(service, { debounceMs: ops.watchDebounceMs, log }) : undefined;
  const retention = setInterval(() => store.applyRetention(), 6 * 3_600_000).unref();
  store.applyRetention();
  await noticeKeywordOnly(bot.api, service, messages, log);

  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query"] }, silent: true } });
  log.info({ username: bot.botInfo.username }, "bot running (long polling)");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info("stopping: no new updates; finishing what is in flight");
      if (runner.isRunning()) await runner.stop();
      watcher?.close();
      clearInterval(retention);
      const unfinished = await inFlight.drain(options.stopAnswersMs ?? STOP_ANSWERS_MS);
      if (unfinished.length > 0) log.warn({ unfinished: unfinished.length }, "stopping before these answers were done; their askers are told");
      await Promise.all(unfinished.map((ctx) => (ctx.chat === undefined ? undefined : ctx.api.sendMessage(ctx.chat.id, message(messages, userLang(ctx), "bot.stopping")).catch(() => undefined))));
      await service.close();
      await idle();
      store.close();
      log.info("stopped");
    })();
    return stopping;
  };
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  for (const s of signals) process.once(s, stop);
  options.stop?.addEventListener("abort", stop, { once: true });
  if (options.stop?.aborted) void stop();
  try {
    await runner.task();
  } finally {
    await stop();
    for (const s of signals) process.off(s, stop);
    options.stop?.removeEventListener("abort", stop);
  }
}
