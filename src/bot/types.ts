import type { Lang } from "../text/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { AnswerWriter } from "../llm/mod.ts";
import type { Logger } from "../log.ts";
import type { SearchResult } from "../search/mod.ts";
import type { QaService } from "../service/mod.ts";
import type { ReindexRunner } from "./reindex.ts";
import type { ResultCache } from "./result-cache.ts";

/** What the bot remembers about an answer it sent, for its buttons. */
export interface CachedResult {
  result: SearchResult;
  question: string;
  lang: Lang;
  /** Passage ids shown so far (first page, then "more"), for feedback records. */
  shown: string[];
}

/** Everything the handlers share; built once per bot by `createBot`. */
export interface BotDeps {
  service: QaService;
  telegram: TelegramConfig;
  /** Bot API token, for file downloads only; never logged. */
  token: string;
  messages: Messages;
  log: Logger;
  results: ResultCache<CachedResult>;
  reindex: ReindexRunner;
  feedbackFile: string;
  /** Passages per answer page. */
  pageSize: number;
  typingIntervalMs: number;
  /** Writes answers from the passages when an LLM is configured; absent: passages only. */
  writer?: AnswerWriter;
  /** Least time between edits of a streaming written answer, by chat kind (Telegram's edit limits). */
  draftIntervalMs: { private: number; group: number };
}

/** The Telegram side. `token` undefined means: run the terminal chat instead of the bot. */
export interface TelegramConfig {
  token?: string;
  apiRoot: string;
  adminUserIds: number[];
  allowedChatIds: number[];
  allowedUserIds: number[];
  maxUploadBytes: number;
  rateLimitPerMinute: number;
  resultTtlMs: number;
}

/** The bot's defaults. */
export const TELEGRAM_DEFAULTS = {
  apiRoot: "https://api.telegram.org",
  maxUploadBytes: 2_000_000,
  rateLimitPerMinute: 20,
  resultTtlMs: 60 * 60_000,
} as const satisfies Partial<TelegramConfig>;
