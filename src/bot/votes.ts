import type { Context } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { message } from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { VoteTally } from "../store/mod.ts";
import { callbackData } from "./keyboard.ts";
import type { BotDeps, CachedResult } from "./types.ts";

/**
 * The 👍/👎 buttons relabelled after a vote: in a private chat the presser's choice is ticked; in a
 * group, where one message serves many people, each button shows its count instead.
 */
export function votedKeyboard(
  rows: readonly (readonly InlineKeyboardButton[])[],
  key: string,
  tally: VoteTally,
  chat: "private" | "group",
  lang: Lang,
  messages: Messages,
): InlineKeyboardButton[][] {
  const label = (up: boolean) => {
    const base = message(messages, lang, up ? "button.up" : "button.down");
    if (chat === "group") {
      const n = up ? tally.up : tally.down;
      return n > 0 ? `${base} · ${n}` : base;
    }
    return tally.mine === (up ? "up" : "down") ? `✓ ${base}` : base;
  };
  const up = callbackData(key, { kind: "vote", up: true });
  const down = callbackData(key, { kind: "vote", up: false });
  return rows.map((row) =>
    row.map((b) => {
      const data = "callback_data" in b ? b.callback_data : undefined;
      return data === up ? { text: label(true), callback_data: up } : data === down ? { text: label(false), callback_data: down } : { ...b };
    }),
  );
}

/**
 * A press of 👍 or 👎: one vote per person per answer, kept in the question store; pressing the
 * other button changes it, pressing the same again changes nothing. The buttons then show the vote.
 */
export async function handleVote(deps: BotDeps, ctx: Context, key: string, entry: CachedResult, up: boolean): Promise<void> {
  const { messages, log } = deps;
  const { lang } = entry;
  const voterId = ctx.from?.id;
  const tally = voterId === undefined ? undefined : deps.questions?.vote(entry.result, voterId, up ? "up" : "down");
  log.info({ chatId: ctx.chat?.id, vote: up ? "up" : "down", changed: tally?.changed }, "vote recorded");
  if (tally !== undefined && !tally.changed) {
    await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.vote_unchanged") });
    return;
  }
  await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.feedback_thanks") });
  const markup = ctx.callbackQuery?.message?.reply_markup;
  if (tally === undefined || markup === undefined) return;
  const chat = ctx.chat?.type === "private" ? "private" : "group";
  await ctx
    .editMessageReplyMarkup({ reply_markup: { inline_keyboard: votedKeyboard(markup.inline_keyboard, key, tally, chat, lang, messages) } })
    .catch((error: Error) => log.warn({ reason: error.message }, "could not show the vote on the buttons"));
}
