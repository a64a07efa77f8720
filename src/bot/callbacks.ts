import type { Context } from "grammy";
import { answerBlocks, message } from "../render/mod.ts";
import { appendFeedback } from "./feedback.ts";
import { answerKeyboard, parseCallbackData } from "./keyboard.ts";
import { userLang } from "./lang.ts";
import { passageBlocks } from "../render/mod.ts";
import { sendBlocks } from "./send.ts";
import type { BotDeps } from "./types.ts";

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
  if (action.kind === "vote") {
    await appendFeedback(deps.feedbackFile, {
      time: new Date().toISOString(),
      userId: ctx.from?.id,
      chatId: ctx.chat?.id,
      question: entry.question,
      passageIds: entry.shown,
      vote: action.up ? "up" : "down",
    });
    deps.log.info({ chatId: ctx.chat?.id, vote: action.up ? "up" : "down" }, "feedback recorded");
    await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.feedback_thanks") });
    return;
  }
  if (action.kind === "more") {
    const answer = service.page(entry.result, { offset: action.offset, count: deps.pageSize }, lang);
    if (answer.items.length === 0) {
      await ctx.answerCallbackQuery({ text: message(messages, lang, "bot.no_more") });
      return;
    }
    await ctx.answerCallbackQuery();
    for (const item of answer.items) if (!entry.shown.includes(item.passageId)) entry.shown.push(item.passageId);
    await sendBlocks(ctx, answerBlocks(answer, messages), { keyboard: answerKeyboard(parsed.key, answer, messages) });
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
  await sendBlocks(ctx, passageBlocks(context, action.hit + 1, lang, messages));
}
