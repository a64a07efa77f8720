import type { Answer, AnswerData } from "../answer/mod.ts";
import type { AnswerWriter, WriteOutcome } from "../llm/mod.ts";
import type { Logger } from "../log.ts";
import type { Messages } from "./messages.ts";
import type { TextStyle } from "./reply-text.ts";
import { renderFallbackText, renderWrittenText } from "./written.ts";

/**
 * The terminal's reply with a written answer: the checked answer and its cited passages, or the
 * extractive answer after a note saying why there is none (a failure is also logged). The
 * terminal shows the finished answer only; the bot streams it.
 */
export async function writtenReplyText(writer: AnswerWriter, answer: Answer, data: AnswerData, messages: Messages, log?: Logger, style?: TextStyle): Promise<{ text: string; outcome: WriteOutcome }> {
  const outcome = await writer.write({ question: answer.question, lang: answer.lang, items: answer.items });
  if (outcome.kind === "failed") log?.warn({ model: writer.model, error: outcome.error, reason: outcome.reason }, "written answer failed; extractive answer shown");
  const text = outcome.kind === "written" ? renderWrittenText(answer, outcome, messages) : renderFallbackText(data, outcome.kind, messages, style);
  return { text, outcome };
}
