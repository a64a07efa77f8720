import type { Context, MiddlewareFn } from "grammy";
import { message } from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { TelegramConfig } from "./types.ts";
import type { Logger } from "../log.ts";
import { isForBot } from "./addressed.ts";
import { userLang } from "./lang.ts";

/** True when the user is one of `ADMIN_USER_IDS`. */
export function isAdmin(telegram: TelegramConfig, userId: number | undefined): boolean {
  return userId !== undefined && telegram.adminUserIds.includes(userId);
}

/**
 * Whether a chat and user may use the bot. With neither `ALLOWED_CHAT_IDS` nor `ALLOWED_USER_IDS`
 * set, everyone may. Otherwise a message is served when its chat is an allowed chat, or its sender
 * is an allowed user or an admin (an admin can always reach the bot, e.g. to reindex).
 */
export function isAllowed(telegram: TelegramConfig, chatId: number | undefined, userId: number | undefined): boolean {
  if (telegram.allowedChatIds.length === 0 && telegram.allowedUserIds.length === 0) return true;
  if (chatId !== undefined && telegram.allowedChatIds.includes(chatId)) return true;
  return userId !== undefined && (telegram.allowedUserIds.includes(userId) || isAdmin(telegram, userId));
}

/**
 * Middleware that stops updates from chats and users that are not allowed. Each such chat gets one
 * polite refusal per process (not one per message, so a busy group is not spammed) and no search.
 */
export function accessControl(telegram: TelegramConfig, messages: Messages, log: Logger): MiddlewareFn<Context> {
  const refused = new Set<number>();
  return async (ctx, next) => {
    if (isAllowed(telegram, ctx.chat?.id, ctx.from?.id)) return next();
    if (!isForBot(ctx)) return;
    const text = message(messages, userLang(ctx), "bot.not_allowed");
    if (ctx.callbackQuery !== undefined) {
      await ctx.answerCallbackQuery({ text }).catch(() => undefined);
      return;
    }
    const chatId = ctx.chat?.id;
    if (chatId === undefined || refused.has(chatId)) return;
    refused.add(chatId);
    log.info({ chatId, userId: ctx.from?.id }, "refused: chat and user are not in the allowed lists");
    await ctx.reply(text);
  };
}
