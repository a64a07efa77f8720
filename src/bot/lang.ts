import type { Context } from "grammy";
import type { Lang } from "../text/mod.ts";

/**
 * The language for command replies and notices: English when the user's Telegram app is set to
 * English, Vietnamese otherwise (the organisation's language). Answers follow the question instead.
 */
export function userLang(ctx: Context): Lang {
  return ctx.from?.language_code?.toLowerCase().startsWith("en") ? "en" : "vi";
}
