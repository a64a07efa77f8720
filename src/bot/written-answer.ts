import type { Context, InlineKeyboard } from "grammy";
import { htmlMessage, splitMessage } from "../render/mod.ts";
import type { Answer, AnswerData } from "../answer/mod.ts";
import { citedItems, draftHtml, fallbackBlocks, writtenAnswerBlocks } from "../render/mod.ts";
import type { MessageBlock } from "../render/mod.ts";
import type { AnswerWriter, WriteOptions, WriteOutcome } from "../llm/mod.ts";
import type { SearchResult } from "../search/mod.ts";
import { createDraftMessage } from "./draft-message.ts";
import { answerKeyboard, rememberReply } from "./keyboard.ts";
import { keepTyping } from "./typing.ts";
import type { BotDeps } from "./types.ts";

/** What {@link replyWithWrittenAnswer} needs besides the bot's shared state. */
export interface WrittenReplyInput {
  answer: Answer;
  /** The reply without an LLM (answer first, sources grouped), shown when there is no written answer. */
  data: AnswerData;
  result: SearchResult;
  writer: AnswerWriter;
  /** The question as searched. */
  question: string;
  /** Say that the question was cut to `maxChars` (a note above the answer). */
  truncatedTo?: number;
  /** Groups: reply to the question. */
  replyTo?: number;
}

async function write(deps: BotDeps, writer: AnswerWriter, answer: Answer, options: WriteOptions): Promise<WriteOutcome> {
  try {
    return await writer.write({ question: answer.question, lang: answer.lang, items: answer.items }, options);
  } catch (error) {
    // A bug in writing must not cost the asker the passages: they get the extractive answer.
    deps.log.error({ reason: (error as Error).message }, "writing an answer failed unexpectedly");
    return { kind: "failed", ms: 0, error: "stream", reason: (error as Error).message };
  }
}

/**
 * Answers with a written answer: a draft message ("writing…") that shows the answer as it streams
 * in (throttled edits, only once it cites a passage), then edited into the final reply — the
 * checked answer with the cited passages under it. When the model does not know, cites nothing
 * valid, or fails, the draft becomes the extractive answer with a short note saying so.
 */
export async function replyWithWrittenAnswer(deps: BotDeps, ctx: Context, input: WrittenReplyInput): Promise<void> {
  const { messages, log } = deps;
  const { answer, result, writer, replyTo } = input;
  const { lang } = answer;
  const chatId = ctx.chat!.id;
  const first = draftHtml(undefined, lang, messages);
  const placeholder = await ctx.reply(first, {
    parse_mode: "HTML",
    reply_parameters: replyTo === undefined ? undefined : { message_id: replyTo, allow_sending_without_reply: true },
  });
  const intervalMs = ctx.chat?.type === "private" ? deps.draftIntervalMs.private : deps.draftIntervalMs.group;
  const draft = createDraftMessage(ctx.api, chatId, placeholder.message_id, first, { intervalMs, log, replyTo });

  const stopTyping = keepTyping(ctx.api, chatId, deps.typingIntervalMs);
  let outcome: WriteOutcome;
  try {
    outcome = await write(deps, writer, answer, { onDraft: (d) => draft.update(draftHtml(d, lang, messages)) });
  } finally {
    stopTyping();
  }

  if (outcome.kind === "written") {
    log.info({ chatId, model: writer.model, ms: outcome.ms, cited: outcome.cited, removed: outcome.removed, finishReason: outcome.finishReason }, "written answer shown");
  } else if (outcome.kind === "failed") {
    log.warn({ chatId, model: writer.model, ms: outcome.ms, error: outcome.error, reason: outcome.reason }, "written answer failed; extractive answer shown");
  } else {
    log.info({ chatId, model: writer.model, ms: outcome.ms, outcome: outcome.kind, ...(outcome.kind === "uncited" ? { removed: outcome.removed } : {}) }, "no written answer; extractive answer shown");
  }

  let blocks: MessageBlock[];
  let keyboard: InlineKeyboard;
  if (outcome.kind === "written") {
    blocks = writtenAnswerBlocks(answer, outcome, messages);
    if (input.truncatedTo !== undefined) blocks.unshift({ html: htmlMessage(messages, lang, "bot.truncated", { max: input.truncatedTo }) });
    const shownItems = citedItems(answer, outcome);
    const key = deps.results.put({
      result,
      question: input.question,
      lang,
      shown: shownItems.map((i) => i.passageId),
      // The written answer cites passages by rank: [n] is hit n − 1, and "more" goes on after the page.
      shownHits: answer.items.map((i) => i.n - 1),
      windows: answer.offset + answer.items.length,
      verdict: "answered",
      focus: Object.fromEntries(answer.items.map((i) => [i.n - 1, { n: i.n, start: i.highlight.start, end: i.highlight.end }])),
    });
    keyboard = answerKeyboard(key, answer, messages, lang, shownItems);
  } else {
    // No written answer: the reply the bot gives without an LLM, under a note saying why.
    blocks = fallbackBlocks(input.data, outcome.kind, messages, input.truncatedTo);
    keyboard = rememberReply(deps.results, { result, question: input.question, lang }, input.data, messages);
  }

  const parts = splitMessage(blocks);
  await draft.finish(parts[0]!, parts.length === 1 ? keyboard : undefined);
  for (const [i, html] of parts.slice(1).entries()) {
    await ctx.reply(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: i === parts.length - 2 ? keyboard : undefined });
  }
}
