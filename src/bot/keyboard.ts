import { InlineKeyboard } from "grammy";
import { message } from "../render/mod.ts";
import type { Answer } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { Messages } from "../render/mod.ts";

/** What a button under an answer asks for. */
export type ButtonAction =
  | { kind: "more"; offset: number }
  | { kind: "passage"; hit: number }
  | { kind: "vote"; up: boolean };

/**
 * A button's `callback_data`: the result's cache key and the action, e.g. `Xy3…:m:5` — about 20
 * bytes, well under Telegram's 64.
 */
export function callbackData(key: string, action: ButtonAction): string {
  switch (action.kind) {
    case "more":
      return `${key}:m:${action.offset}`;
    case "passage":
      return `${key}:p:${action.hit}`;
    case "vote":
      return `${key}:v:${action.up ? 1 : 0}`;
  }
}

/** The key and action in a button's data, or `undefined` for data this bot did not make. */
export function parseCallbackData(data: string): { key: string; action: ButtonAction } | undefined {
  const m = /^([\w-]{1,32}):([mpv]):(\d{1,6})$/.exec(data);
  if (m === null) return undefined;
  const [, key, kind, arg] = m as unknown as [string, string, string, string];
  const n = Number(arg);
  if (kind === "m") return { key, action: { kind: "more", offset: n } };
  if (kind === "p") return { key, action: { kind: "passage", hit: n } };
  if (n > 1) return undefined;
  return { key, action: { kind: "vote", up: n === 1 } };
}

const PASSAGES_PER_ROW = 3;

/**
 * The buttons under an answer: "full passage" for each cited passage (`shown`: those the message
 * shows, by default all of the page), "more results" when more ranked passages exist beyond the
 * page, and 👍/👎.
 */
export function answerKeyboard(key: string, answer: Answer, messages: Messages, lang: Lang = answer.lang, shown: Answer["items"] = answer.items): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  shown.forEach((item, i) => {
    if (i > 0 && i % PASSAGES_PER_ROW === 0) keyboard.row();
    keyboard.text(message(messages, lang, "button.passage", { n: item.n }), callbackData(key, { kind: "passage", hit: item.n - 1 }));
  });
  const next = answer.offset + answer.items.length;
  if (next < answer.total) keyboard.row().text(message(messages, lang, "button.more"), callbackData(key, { kind: "more", offset: next }));
  keyboard
    .row()
    .text(message(messages, lang, "button.up"), callbackData(key, { kind: "vote", up: true }))
    .text(message(messages, lang, "button.down"), callbackData(key, { kind: "vote", up: false }));
  return keyboard;
}
