import type { Api } from "grammy";
import { failureReason } from "../failure.ts";
import { englishReason, htmlMessage } from "../render/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { Logger } from "../log.ts";
import type { QaService } from "../service/mod.ts";
import { failedText, progressText, summaryText } from "../render/mod.ts";

/**
 * Runs reindexes in the background for admins, reporting in one message that is edited as the
 * work goes on. Handlers start it and return at once, so other updates keep flowing.
 */
export interface ReindexRunner {
  /** True while a reindex started here is under way. */
  running(): boolean;
  /** Starts a reindex that reports to `chatId`. Call only when not {@link running}. */
  start(api: Api, chatId: number, lang: Lang): void;
  /** Starts a reindex for `chatId` once the one under way has finished (a report was added meanwhile). */
  queue(api: Api, chatId: number, lang: Lang): void;
  /** Resolves when no reindex is running or queued (tests, shutdown). */
  idle(): Promise<void>;
}

/** Options for {@link createReindexRunner}. */
export interface ReindexRunnerOptions {
  service: QaService;
  messages: Messages;
  log: Logger;
  /** Least time between two edits of the progress message (Telegram limits edits; default 3 s). */
  editIntervalMs?: number;
  now?: () => number;
}

/**
 * One message, edited at most every `intervalMs` and only when its text changes; the final text is
 * always shown. Edits are chained so they never overtake each other. Without a message (sending it
 * failed) the final text is sent as a new one.
 */
function progressMessage(api: Api, chatId: number, messageId: number | undefined, first: string, intervalMs: number, log: Logger, now: () => number) {
  let shown = first;
  let shownAt = now();
  let chain: Promise<unknown> = Promise.resolve();
  const send = (text: string): Promise<unknown> =>
    messageId === undefined
      ? api.sendMessage(chatId, text, { parse_mode: "HTML" })
      : api.editMessageText(chatId, messageId, text, { parse_mode: "HTML" });
  const show = (text: string) => {
    shown = text;
    shownAt = now();
    chain = chain
      .then(() => send(text))
      .catch((error: unknown) => log.warn({ chatId, reason: (error as Error).message }, "could not update the progress message"));
    return chain;
  };
  return {
    update(text: string) {
      if (messageId === undefined || text === shown || now() - shownAt < intervalMs) return;
      void show(text);
    },
    finish: (text: string) => (text === shown ? chain : show(text)),
  };
}

/** A {@link ReindexRunner} over the service's single-flight reindex. */
export function createReindexRunner(options: ReindexRunnerOptions): ReindexRunner {
  const { service, messages, log, editIntervalMs = 3000, now = Date.now } = options;
  let job: Promise<void> | undefined;
  let queued: { api: Api; chatId: number; lang: Lang } | undefined;

  const run = async (api: Api, chatId: number, lang: Lang) => {
    const first = htmlMessage(messages, lang, "reindex.starting");
    let messageId: number | undefined;
    try {
      messageId = (await api.sendMessage(chatId, first, { parse_mode: "HTML" })).message_id;
    } catch (error) {
      log.warn({ chatId, reason: (error as Error).message }, "could not send the progress message");
    }
    const progress = progressMessage(api, chatId, messageId, first, editIntervalMs, log, now);
    try {
      const summary = await service.reindex((p) => progress.update(progressText(p, lang, messages)));
      await progress.finish(summaryText(summary, lang, messages));
    } catch (error) {
      if ((error as Error).name === "AbortError") {
        // The service was closed (shutdown): not a failure to investigate.
        log.info({ chatId }, "reindex abandoned at shutdown; the previous index stays in force");
        await progress.finish(htmlMessage(messages, lang, "reindex.stopped"));
        return;
      }
      const why = failureReason(error);
      // The admin's reason may only say where to look; the error's own message is what to look at.
      log.error({ chatId, reason: englishReason(why), error: (error as Error)?.message ?? String(error) }, "reindex failed; the previous index stays in force");
      await progress.finish(failedText(why, lang, messages));
    }
  };

  const start = (api: Api, chatId: number, lang: Lang) => {
    job = run(api, chatId, lang).finally(() => {
      job = undefined;
      const next = queued;
      queued = undefined;
      if (next !== undefined) start(next.api, next.chatId, next.lang);
    });
  };

  return {
    running: () => job !== undefined,
    start,
    queue(api, chatId, lang) {
      if (job === undefined) start(api, chatId, lang);
      else queued = { api, chatId, lang };
    },
    async idle() {
      while (job !== undefined) await job;
    },
  };
}
