/**
 * The Telegram bot: staff ask in chat and get cited passages; admins reindex and add reports.
 *
 * Commonly used: {@link startBot} (what `npm start` runs) and {@link createBot} (the bot without
 * starting it, for tests and other runners).
 */
export { startBot } from "./start-bot.ts";
export { createBot } from "./create-bot.ts";
export type { HoidapBot } from "./create-bot.ts";

// Parts, for tests and for other front ends.
export { isAllowed } from "./access.ts";
export { prepareQuestion, MAX_QUESTION_CHARS } from "./ask.ts";
export { callbackData, parseCallbackData } from "./keyboard.ts";
export { createResultCache } from "./result-cache.ts";
export { safeFileName } from "./safe-file-name.ts";
export { createDraftMessage } from "./draft-message.ts";
export { TELEGRAM_DEFAULTS } from "./types.ts";
export type { TelegramConfig } from "./types.ts";
