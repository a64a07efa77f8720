import type { Context, InlineKeyboard } from "grammy";
import { splitMessage } from "../render/mod.ts";
import type { MessageBlock } from "../render/mod.ts";

/** Options for {@link sendBlocks}. */
export interface SendOptions {
  /** Buttons, attached to the last message. */
  keyboard?: InlineKeyboard;
  /** Reply to this message (groups: keeps question and answer together). */
  replyTo?: number;
}

/**
 * Sends blocks as Telegram HTML, split into as many messages as the 4,096-character limit needs,
 * without link previews (citations link to sources; a preview card would bury the passages).
 */
export async function sendBlocks(ctx: Context, blocks: MessageBlock[], options: SendOptions = {}): Promise<void> {
  const parts = splitMessage(blocks);
  for (const [i, html] of parts.entries()) {
    await ctx.reply(html, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: i === parts.length - 1 ? options.keyboard : undefined,
      reply_parameters: i === 0 && options.replyTo !== undefined ? { message_id: options.replyTo, allow_sending_without_reply: true } : undefined,
    });
  }
}

/** Sends one short HTML text (a notice, a command reply). */
export async function sendHtml(ctx: Context, html: string, options: SendOptions = {}): Promise<void> {
  await sendBlocks(ctx, [{ html }], options);
}
