/**
 * The Telegram bot: staff ask in chat and get cited passages; admins reindex and add reports.
 *
 * Commonly used: {@link startBot} (what `npm start` runs) and {@link createBot} (the bot without
 * starting it, for tests and other runners).
 */
export { startBot } from "./start-bot.ts";
export type { StartOptions } from "./start-bot.ts";
export { createBot } from "./create-bot.ts";
export type { BotOptions, HoidapBot } from "./create-bot.ts";

// Parts, for tests and for other front ends.
export { isAdmin, isAllowed } from "./access.ts";
export { prepareQuestion, MAX_QUESTION_CHARS } from "./ask.ts";
export type { PreparedQuestion } from "./ask.ts";
export { callbackData, parseCallbackData } from "./keyboard.ts";
export type { ButtonAction } from "./keyboard.ts";
export { createResultCache } from "./result-cache.ts";
export type { ResultCache, ResultCacheOptions } from "./result-cache.ts";
export { safeFileName, UPLOAD_EXTENSIONS } from "./safe-file-name.ts";
export { appendFeedback, feedbackFileFor } from "./feedback.ts";
export type { FeedbackRecord } from "./feedback.ts";
export { createDraftMessage } from "./draft-message.ts";
export type { DraftMessage, DraftOptions } from "./draft-message.ts";
export type { CachedResult } from "./types.ts";
