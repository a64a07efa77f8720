import type { Api, InlineKeyboard } from "grammy";
import type { Logger } from "../log.ts";

/** A message edited as text streams in, then turned into its final form. */
export interface DraftMessage {
  /**
   * Shows `html` when the last edit ended at least the interval ago and none is under way;
   * otherwise keeps it and shows the latest kept text once the interval has passed.
   */
  update(html: string): void;
  /**
   * Replaces the draft with `html` (and its buttons) once any edit under way has ended. When the
   * draft cannot be edited (deleted meanwhile, say), `html` is sent as a new message instead.
   */
  finish(html: string, keyboard?: InlineKeyboard): Promise<void>;
}

/** Options for {@link createDraftMessage}. */
export interface DraftOptions {
  /** Least time from the end of one edit to the start of the next. */
  intervalMs: number;
  log: Logger;
  /** Set on the new message `finish` sends when it cannot edit (groups: reply to the question). */
  replyTo?: number;
  now?: () => number;
}

/**
 * A throttled draft over message `messageId`, which shows `first`. Telegram limits edits (about
 * one a second in a private chat, twenty a minute in a group) and answers 429 beyond that; edits
 * here never overlap, the interval is counted from the end of the last one (so a 429 waited out by
 * auto-retry also pushes the next edit back), and texts in between are dropped, never queued.
 */
export function createDraftMessage(api: Api, chatId: number, messageId: number, first: string, options: DraftOptions): DraftMessage {
  const { intervalMs, log, now = Date.now } = options;
  let shown = first;
  let latest = first;
  let lastEnd = now();
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  const edit = (html: string) => {
    shown = html;
    inFlight = api
      .editMessageText(chatId, messageId, html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } })
      .then(() => undefined)
      .catch((error: Error) => log.warn({ chatId, reason: error.message }, "could not update the draft answer"))
      .finally(() => {
        lastEnd = now();
        inFlight = undefined;
        schedule();
      });
  };

  function schedule() {
    if (finished || timer !== undefined || inFlight !== undefined || latest === shown) return;
    const wait = lastEnd + intervalMs - now();
    if (wait <= 0) return edit(latest);
    timer = setTimeout(() => {
      timer = undefined;
      schedule();
    }, wait);
  }

  return {
    update(html) {
      if (finished) return;
      latest = html;
      schedule();
    },
    async finish(html, keyboard) {
      finished = true;
      clearTimeout(timer);
      await inFlight;
      const extra = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true }, reply_markup: keyboard };
      try {
        await api.editMessageText(chatId, messageId, html, extra);
      } catch (error) {
        log.warn({ chatId, reason: (error as Error).message }, "could not edit the draft into the answer; sending it anew");
        const replyParameters = options.replyTo === undefined ? undefined : { message_id: options.replyTo, allow_sending_without_reply: true };
        await api.sendMessage(chatId, html, { ...extra, reply_parameters: replyParameters });
      }
    },
  };
}
