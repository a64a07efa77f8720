import type { Context } from "grammy";
import { message, replyBlocks, replyWindows } from "../render/mod.ts";
import { parseCallbackData, replyKeyboard, windowFocus } from "./keyboard.ts";
import { userLang } from "./lang.ts";
import { passageBlocks } from "../render/mod.ts";
import { sendBlocks } from "./send.ts";
import type { BotDeps } from "./types.ts";
import { handleVote } from "./votes.ts";

/**
 * Handles a press on a button under an answer: next page, full passage with its neighbours, or
 * feedback. An expired or unknown result gets a short notice asking to ask again.
 */
export async function handleButton(deps: BotDeps, ctx: Context): Promise<void> {
  const { messages, results, service } = deps;
  const parsed = parseCallbackData(ctx.callbackQuery?.data ?? "");
  const entry = parsed && results.get(parsed.key);
  if (parsed === undefined || entry === undefined) {
    await ctx.answerCallbackQuery({ text: message(messages, userLang(ctx), "bot.expired"), show_alert: true });
    return;
  }
  const { action } = parsed;
  const { lang } = entry;
  if (action.kind === "vote") return handleVote(deps, ctx, parsed.key, entry, action.up);
  if (action.kind === "more") {
    const data = await service.more(entry.result, entry.shownHits, entry.windows + 1, entry.verdict, lang);
    if (data.groups.length === 0) {
      await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.no_more") });
      return;
    }
    await ctx.answerCallbackQuery();
    const windows = replyWindows(data);
    for (const i of data.shown) {
      entry.shownHits.push(i);
      const id = entry.result.hits[i]!.passage.id;
      if (!entry.shown.includes(id)) entry.shown.push(id);
    }
    Object.assign(entry.focus, windowFocus(data));
    const page = { from: entry.windows + 1, to: entry.windows + windows.length };
    entry.windows += windows.length;
    await sendBlocks(ctx, replyBlocks(data, messages, page), { keyboard: replyKeyboard(parsed.key, data, messages) });
    return;
  }
  const hit = entry.result.hits[action.hit];
  if (hit === undefined) {
    await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.expired"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  // After a reindex the passage may be gone or (same id, edited report) different: then the cached
  // copy is shown alone, so the reader always sees the passage that was cited.
  const current = service.passage(hit.passage.id);
  const context = current !== undefined && current.passage.text === hit.passage.text ? current : { passage: hit.passage, document: hit.document };
  const focus = entry.focus[action.hit];
  await sendBlocks(ctx, passageBlocks(context, focus?.n ?? action.hit + 1, lang, messages, focus));
}
