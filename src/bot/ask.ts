import type { Context } from "grammy";
import { fitReply, htmlMessage, questionReplyBlocks } from "../render/mod.ts";
import type { MessageBlock } from "../render/mod.ts";
import { cutText, detectLanguage } from "../text/mod.ts";
import { rememberReply } from "./keyboard.ts";
import { userLang } from "./lang.ts";
import { sendBlocks, sendHtml } from "./send.ts";
import { keepTyping } from "./typing.ts";
import type { BotDeps } from "./types.ts";
import { replyWithWrittenAnswer } from "./written-answer.ts";

/**
 * Longest question searched, in characters. Real questions are a sentence or two; beyond this the
 * text is a pasted document, and the embedding model reads only ~512 tokens anyway.
 */
export const MAX_QUESTION_CHARS = 500;

/** A question ready to search, or why there is none. */
export type PreparedQuestion = { text: string; truncated: boolean } | { problem: "empty" | "no_words" };

/**
 * Cleans a question: trims it, refuses one without a single letter or digit (emoji, punctuation),
 * and cuts a very long one to {@link MAX_QUESTION_CHARS} at a word boundary.
 */
export function prepareQuestion(raw: string): PreparedQuestion {
  const text = raw.replace(/\s+/gu, " ").trim();
  if (text === "") return { problem: "empty" };
  if (!/[\p{L}\p{N}]/u.test(text)) return { problem: "no_words" };
  if (text.length <= MAX_QUESTION_CHARS) return { text, truncated: false };
  const cut = cutText(text, MAX_QUESTION_CHARS);
  const space = cut.lastIndexOf(" ");
  return { text: space > MAX_QUESTION_CHARS * 0.8 ? cut.slice(0, space) : cut, truncated: true };
}

/**
 * Answers a question in the chat: "typing…" while searching, then the cited passages in the
 * question's language with their buttons (the result is cached for them), or a plain "the reports
 * do not answer this". With an LLM configured, passages found get a written answer above them
 * (see {@link replyWithWrittenAnswer}).
 */
export async function answerQuestion(deps: BotDeps, ctx: Context, raw: string): Promise<void> {
  const { service, messages, results, pageSize } = deps;
  const startedAt = performance.now();
  const replyTo = ctx.chat?.type === "private" ? undefined : ctx.message?.message_id;
  const prepared = prepareQuestion(raw);
  if ("problem" in prepared) {
    await sendHtml(ctx, htmlMessage(messages, userLang(ctx), prepared.problem === "empty" ? "bot.ask_empty" : "bot.no_words"), { replyTo });
    return;
  }
  const lang = detectLanguage(prepared.text);
  const stopTyping = keepTyping(ctx.api, ctx.chat!.id, deps.typingIntervalMs);
  let asked: Awaited<ReturnType<typeof service.ask>>;
  try {
    asked = await service.ask(prepared.text, { offset: 0, count: pageSize }, lang);
  } finally {
    stopTyping();
  }
  const { answer, result } = asked;
  const data = fitReply(asked.data, messages);
  deps.log.info({ chatId: ctx.chat?.id, verdict: data.verdict, hits: answer.total, ms: result.timings.embedMs + result.timings.searchMs }, "question answered");
  if (deps.writer !== undefined && data.verdict !== "not_found" && answer.items.length > 0) {
    const truncatedTo = prepared.truncated ? MAX_QUESTION_CHARS : undefined;
    await replyWithWrittenAnswer(deps, ctx, { answer, data, result, writer: deps.writer, question: prepared.text, truncatedTo, replyTo });
    deps.questions?.answered(ctx, { question: prepared.text, answer, result, verdict: data.verdict, startedAt });
    return;
  }
  const blocks: MessageBlock[] = questionReplyBlocks(data, messages, prepared.truncated ? MAX_QUESTION_CHARS : undefined);
  if (data.verdict === "not_found" || data.groups.length === 0) {
    await sendBlocks(ctx, blocks, { replyTo });
    deps.questions?.answered(ctx, { question: prepared.text, answer, result, verdict: data.verdict, startedAt });
    return;
  }
  const keyboard = rememberReply(results, { result, question: prepared.text, lang }, data, messages);
  await sendBlocks(ctx, blocks, { replyTo, keyboard });
  deps.questions?.answered(ctx, { question: prepared.text, answer, result, verdict: data.verdict, startedAt });
}
