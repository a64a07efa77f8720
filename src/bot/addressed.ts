import type { Context } from "grammy";
import type { MessageEntity } from "grammy/types";

function mentionsBot(ctx: Context, text: string, entities: readonly MessageEntity[]): MessageEntity | undefined {
  const username = ctx.me.username.toLowerCase();
  return entities.find(
    (e) =>
      (e.type === "mention" && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username) ||
      (e.type === "text_mention" && e.user.id === ctx.me.id),
  );
}

/**
 * The question in a text message meant for the bot, or `undefined` when the message is not for it.
 * In a private chat every text is a question. In a group (where, with privacy mode on, Telegram only
 * forwards commands, mentions and replies anyway) only a message that mentions the bot or replies
 * to one of its messages is; the mention itself is removed from the question.
 */
export function questionFor(ctx: Context): string | undefined {
  const msg = ctx.message;
  if (msg?.text === undefined) return undefined;
  if (ctx.chat?.type === "private") return msg.text;
  const mention = mentionsBot(ctx, msg.text, msg.entities ?? []);
  if (mention !== undefined) return `${msg.text.slice(0, mention.offset)} ${msg.text.slice(mention.offset + mention.length)}`.trim();
  if (msg.reply_to_message?.from?.id === ctx.me.id) return msg.text;
  return undefined;
}

/** True for a message that starts with a command (`/help`, `/ask@bot …`). */
export function isCommand(ctx: Context): boolean {
  return ctx.message?.entities?.some((e) => e.type === "bot_command" && e.offset === 0) ?? false;
}

/**
 * True when the bot should act on this update: anything in a private chat, button presses, and in
 * groups commands, mentions of the bot and replies to it. Group chatter is not for the bot: it is
 * neither answered, nor refused, nor counted against anyone's rate limit.
 */
export function isForBot(ctx: Context): boolean {
  if (ctx.callbackQuery !== undefined) return true;
  if (ctx.chat?.type === "private") return true;
  const msg = ctx.message;
  if (msg === undefined) return false;
  if (isCommand(ctx)) return true;
  if (msg.text !== undefined && mentionsBot(ctx, msg.text, msg.entities ?? []) !== undefined) return true;
  if (msg.caption !== undefined && mentionsBot(ctx, msg.caption, msg.caption_entities ?? []) !== undefined) return true;
  return msg.reply_to_message?.from?.id === ctx.me.id;
}
