/**
 * The answer stage: ranked passages → a cited, extractive answer, rendered for a reader.
 *
 * Commonly used: {@link composeAnswer}, then {@link renderAnswerText} (terminal) or the bot's HTML
 * renderer. User-facing texts come from `prompts/messages.json` via {@link loadMessages}.
 */
export { composeAnswer, citationOf } from "./compose.ts";
export type { AnswerPage } from "./compose.ts";
export { bestSentence } from "./highlight.ts";
export { renderAnswerText } from "./render-text.ts";
export { answerBlocks, citationHtml, clip, highlightRuns, htmlMessage, renderAnswerHtml } from "./render-html.ts";
export { escapeHtml, renderBlock, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "./split-message.ts";
export type { MessageBlock, QuoteRun } from "./split-message.ts";
export { citationDetails, formatDate, formatParagraphs } from "./format-citation.ts";
export { loadMessages, message, DEFAULT_MESSAGES_FILE } from "./messages.ts";
export type { Lang, Messages } from "./messages.ts";
export type { Answer, AnswerItem, Citation } from "./types.ts";
