import type { AnswerItem } from "../answer/mod.ts";
import { fillTemplate, NOT_FOUND } from "./prompts.ts";
import type { ChatMessage, LlmPrompts, WriteRequest } from "./types.ts";

/**
 * Report or question text made safe to put between the prompt's data tags: anything that looks
 * like one of those tags (`</passage>`, `<question>`…) gets a look-alike bracket, so a passage can
 * never close its own block and pose as the prompt. Nothing else changes.
 */
export function asData(text: string): string {
  return text.replace(/<(?=\s*\/?\s*(?:passages?|question)\b)/giu, "‹");
}

/** A one-line attribute value: no quotes, angle brackets or line breaks. */
function attribute(text: string): string {
  return asData(text).replace(/["<>\r\n]+/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * One passage as the model sees it: `<passage n="2" source="Title, 2022-06-23">`, the text, then
 * `</passage>`. The number is the one the asker sees beside the passage.
 */
export function passageBlock(item: AnswerItem): string {
  const c = item.citation;
  const source = attribute([c.title, c.date].filter((x) => x !== undefined && x !== "").join(", "));
  return `<passage n="${item.n}" source="${source}">\n${asData(item.text.trim())}\n</passage>`;
}

/**
 * The chat messages for one question: the system prompt (rules) and the answer prompt with the
 * passages, numbered as shown to the asker, and the question, each inside its data block. Nothing
 * else about the asker or the chat is sent.
 */
export function buildChatMessages(prompts: LlmPrompts, request: WriteRequest): ChatMessage[] {
  const pair = prompts[request.lang];
  return [
    { role: "system", content: fillTemplate(pair.system, { not_found: NOT_FOUND }) },
    {
      role: "user",
      content: fillTemplate(pair.answer, {
        passages: request.items.map(passageBlock).join("\n\n"),
        question: asData(request.question.trim()),
        not_found: NOT_FOUND,
      }),
    },
  ];
}
