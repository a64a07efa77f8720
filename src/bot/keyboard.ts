import { InlineKeyboard } from "grammy";
import { message, replyWindows } from "../render/mod.ts";
import type { Answer, AnswerData } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { ResultCache } from "./result-cache.ts";
import type { CachedResult } from "./types.ts";

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

/**
 * The buttons under a reply: "Full [n]" for each source window (opening the passage that holds
 * its bold sentence), "more results" when ranked passages are left, and 👍/👎.
 */
export function replyKeyboard(key: string, data: AnswerData, messages: Messages): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  data.groups
    .flatMap((g) => g.windows)
    .forEach((w, i) => {
      if (i > 0 && i % PASSAGES_PER_ROW === 0) keyboard.row();
      keyboard.text(message(messages, data.lang, "button.passage", { n: w.n }), callbackData(key, { kind: "passage", hit: w.focus.hit }));
    });
  if (data.next !== undefined) keyboard.row().text(message(messages, data.lang, "button.more"), callbackData(key, { kind: "more", offset: data.next }));
  keyboard
    .row()
    .text(message(messages, data.lang, "button.up"), callbackData(key, { kind: "vote", up: true }))
    .text(message(messages, data.lang, "button.down"), callbackData(key, { kind: "vote", up: false }));
  return keyboard;
}

/** What the result cache remembers of a reply's windows: per "Full" button, its n and bold sentence. */
export function windowFocus(data: AnswerData): Record<number, { n: number; start: number; end: number }> {
  return Object.fromEntries(data.groups.flatMap((g) => g.windows).map((w) => [w.focus.hit, { n: w.n, start: w.focus.start, end: w.focus.end }]));
}

/**
 * Remembers a reply (answer first, sources grouped) in the result cache for its buttons, and
 * returns the buttons: the same for the bot's own reply and for one shown instead of a written answer.
 */
export function rememberReply(results: ResultCache<CachedResult>, entry: Pick<CachedResult, "result" | "question" | "lang">, data: AnswerData, messages: Messages): InlineKeyboard {
  const key = results.put({
    ...entry,
    shown: data.shown.map((i) => entry.result.hits[i]!.passage.id),
    shownHits: [...data.shown],
    windows: replyWindows(data).length,
    verdict: data.verdict,
    focus: windowFocus(data),
  });
  return replyKeyboard(key, data, messages);
}
