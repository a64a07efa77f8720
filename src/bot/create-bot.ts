import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { htmlMessage, loadMessages, message } from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { TelegramConfig } from "./types.ts";
import { createAnswerWriter } from "../llm/mod.ts";
import type { AnswerWriter } from "../llm/mod.ts";
import type { Logger } from "../log.ts";
import type { QaService } from "../service/mod.ts";
import { openQuestionStore } from "../store/mod.ts";
import type { QuestionStore } from "../store/mod.ts";
import { registerAdminCommands } from "./admin-commands.ts";
import { accessControl, isAdmin } from "./access.ts";
import { isCommand, isForBot, questionFor } from "./addressed.ts";
import { answerQuestion } from "./ask.ts";
import { handleButton } from "./callbacks.ts";
import { helpCommand, sourcesCommand, startCommand, statusCommand } from "./commands.ts";
import { userLang } from "./lang.ts";
import { progressText } from "../render/mod.ts";
import { createQuestionLog } from "./question-log.ts";
import { createReindexRunner } from "./reindex.ts";
import type { ReindexRunner } from "./reindex.ts";
import { createResultCache } from "./result-cache.ts";
import type { ResultCache } from "./result-cache.ts";
import { sendHtml } from "./send.ts";
import type { BotDeps, CachedResult } from "./types.ts";
import { handleDocument } from "./upload.ts";
import { createInFlight } from "./in-flight.ts";
import type { InFlight } from "./in-flight.ts";
import { retryNetworkErrors } from "./network-retry.ts";
import { rateLimit } from "./rate-limit.ts";

/** Options for {@link createBot}. Everything but `logger` has a default from the service's config. */
export interface BotOptions {
  logger: Logger;
  /** Telegram settings (default: `service.config.telegram`). */
  telegram?: TelegramConfig;
  /** Overrides `telegram.token`. */
  token?: string;
  /** Overrides `telegram.apiRoot` (a self-hosted Bot API server, an emulator). */
  apiRoot?: string;
  messages?: Messages;
  /** Where questions, verdicts and 👍/👎 are recorded (default: opened from `service.config.store`). */
  store?: QuestionStore;
  /** Least time between edits of a reindex progress message (default 3,000 ms). */
  progressIntervalMs?: number;
  /** How often "typing…" is re-sent while searching (default 4,000 ms). */
  typingIntervalMs?: number;
  /** The bot's own user, when known, to skip `getMe` (tests). */
  botInfo?: UserFromGetMe;
  /**
   * Writes answers from the passages (default: over `service.config.llm` when an LLM is
   * configured, its prompt templates loaded and checked now); `false`: passages only.
   */
  writer?: AnswerWriter | false;
  /** Least time between edits of a streaming written answer (default 1,500 ms private, 3,000 ms groups). */
  draftIntervalMs?: { private: number; group: number };
}

/** A bot built by {@link createBot}, not yet started, with the state its handlers share. */
export interface HoidapBot {
  bot: Bot;
  /** Answers kept for their buttons. */
  results: ResultCache<CachedResult>;
  reindex: ReindexRunner;
  /** The question log (questions, verdicts, votes). */
  store: QuestionStore;
  /** Resolves when background work (a reindex and its progress message) is done. */
  idle(): Promise<void>;
  /** The updates being handled (stopping waits for them). */
  inFlight: InFlight;
}

/**
 * Builds the Telegram bot over a question-answering service, without starting it: commands, the
 * question handler, buttons, admin reindex and uploads, access lists, per-user rate limit, retry on
 * 429, and an error boundary that logs and apologises instead of crashing. {@link startBot} runs it.
 */
export function createBot(service: QaService, options: BotOptions): HoidapBot {
  const base = options.telegram ?? service.config.telegram;
  const telegram: TelegramConfig = { ...base, apiRoot: options.apiRoot ?? base.apiRoot };
  const token = options.token ?? telegram.token;
  if (token === undefined) throw new Error("createBot needs a bot token (TELEGRAM_BOT_TOKEN)");
  const log = options.logger;
  const messages = options.messages ?? loadMessages();
  const reindex = createReindexRunner({ service, messages, log, editIntervalMs: options.progressIntervalMs });
  const llm = service.config.llm;
  const writer = options.writer === false ? undefined : (options.writer ?? (llm === undefined ? undefined : createAnswerWriter(llm)));
  if (writer !== undefined) log.info({ model: writer.model, baseUrl: llm?.baseUrl }, "written answers on: the question and its passages go to the LLM endpoint");
  const store = options.store ?? openQuestionStore(service.config.store.file, { retentionDays: service.config.store.retentionDays });
  const deps: BotDeps = {
    service,
    telegram,
    token,
    messages,
    log,
    results: createResultCache<CachedResult>({ ttlMs: telegram.resultTtlMs }),
    reindex,
    questions: createQuestionLog(store, log),
    pageSize: service.config.search.topK,
    typingIntervalMs: options.typingIntervalMs ?? 4000,
    writer,
    draftIntervalMs: options.draftIntervalMs ?? { private: 1500, group: 3000 },
  };

  const bot = new Bot(token, { client: { apiRoot: telegram.apiRoot }, botInfo: options.botInfo });
  // Waits out 429s (retry_after) and brief server trouble (5xx), a few times. Network failures are
  // not retried here (the plugin would retry them forever, holding up the chat): they reach the
  // error boundary and the log; polling itself is retried by the runner.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  // A dropped connection ("socket hang up") must not lose an answer: sends are retried a bounded number of times.
  bot.api.config.use(retryNetworkErrors({ onRetry: (method, attempt, error) => log.warn({ method, attempt, reason: error.message }, "Telegram request failed on the network; retrying") }));
  const inFlight = createInFlight();
  bot.use(inFlight.middleware);

  bot.catch(async (err) => {
    const e = err.error;
    const reason = e instanceof GrammyError ? `${e.method}: ${e.description}` : e instanceof HttpError ? `network: ${e.message}` : (e as Error)?.message;
    log.error({ updateId: err.ctx.update.update_id, chatId: err.ctx.chat?.id, reason: String(reason).replaceAll(token, "[redacted]") }, "handler failed");
    if (err.ctx.callbackQuery !== undefined) await err.ctx.answerCallbackQuery().catch(() => undefined);
    await err.ctx.reply(message(messages, userLang(err.ctx), "bot.error")).catch(() => undefined);
  });

  // One update at a time per chat, so answers arrive in the order questions were asked; different
  // chats run concurrently (the runner), so one slow search does not hold up everyone.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(accessControl(telegram, messages, log));
  bot.use(
    rateLimit({
      perMinute: telegram.rateLimitPerMinute,
      key: (ctx) => (isForBot(ctx) ? ctx.from?.id.toString() : undefined),
      onQueued: async (ctx, everyMs) => {
        log.info({ userId: ctx.from?.id }, "rate limited: questions queued");
        await ctx.reply(message(messages, userLang(ctx), "bot.rate_queued", { seconds: Math.ceil(everyMs / 1000) })).catch(() => undefined);
      },
      onRefused: async (ctx, retryMs) => {
        log.info({ userId: ctx.from?.id }, "rate limited: refused");
        const seconds = Math.ceil(retryMs / 1000);
        if (ctx.callbackQuery !== undefined) await ctx.answerCallbackQuery({ text: message(messages, userLang(ctx), "bot.rate_limited") }).catch(() => undefined);
        else await ctx.reply(message(messages, userLang(ctx), "bot.rate_refused", { seconds }), ctx.msg === undefined ? {} : { reply_parameters: { message_id: ctx.msg.message_id } }).catch(() => undefined);
      },
    }),
  );


  bot.command("start", (ctx) => startCommand(ctx, messages));
  bot.command("help", (ctx) => helpCommand(ctx, messages, isAdmin(telegram, ctx.from?.id)));
  bot.command("sources", (ctx) => sourcesCommand(ctx, service, messages));
  bot.command("status", (ctx) => statusCommand(ctx, service, messages, isAdmin(telegram, ctx.from?.id)));
  registerAdminCommands(bot, deps);
  bot.command("ask", (ctx) => answerQuestion(deps, ctx, ctx.match));
  bot.command("reindex", async (ctx) => {
    const lang = userLang(ctx);
    if (!isAdmin(telegram, ctx.from?.id)) {
      log.warn({ userId: ctx.from?.id, chatId: ctx.chat.id }, "reindex refused: not an admin");
      await sendHtml(ctx, htmlMessage(messages, lang, "reindex.not_admin"));
      return;
    }
    const progress = service.reindexing();
    if (reindex.running() || progress !== undefined) {
      const now = progress === undefined ? htmlMessage(messages, lang, "reindex.starting") : progressText(progress, lang, messages);
      await sendHtml(ctx, `${htmlMessage(messages, lang, "reindex.running")}\n${now}`);
      return;
    }
    log.info({ userId: ctx.from?.id }, "reindex requested");
    // In the background: the handler returns so questions keep being answered meanwhile.
    reindex.start(ctx.api, ctx.chat.id, lang);
  });

  bot.on("callback_query:data", (ctx) => handleButton(deps, ctx));
  bot.on("message:document", (ctx) => handleDocument(deps, ctx));
  bot.on("message:text", async (ctx) => {
    if (isCommand(ctx)) {
      // A command this bot does not have (or one meant for another bot in a group).
      if (ctx.chat.type === "private") await sendHtml(ctx, htmlMessage(messages, userLang(ctx), "bot.unknown_command"));
      return;
    }
    const question = questionFor(ctx);
    if (question !== undefined) await answerQuestion(deps, ctx, question);
  });
  bot.on("message", async (ctx) => {
    // Stickers, photos, voice…: in a private chat, say what the bot can read; in groups, stay quiet.
    if (ctx.chat.type === "private") await sendHtml(ctx, htmlMessage(messages, userLang(ctx), "bot.non_text"));
  });

  return { bot, results: deps.results, reindex, store, idle: () => reindex.idle(), inFlight };
}
