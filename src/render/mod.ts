/**
 * The render stage: answer data → what a reader sees. Telegram HTML (answers, written answers,
 * a passage in its context, reindex progress), terminal text, message splitting within
 * Telegram's limits, and the table of user-facing messages (`prompts/messages.json`).
 *
 * Commonly used: {@link loadMessages}, {@link replyBlocks} then {@link splitMessage} for
 * Telegram, {@link replyText} for the terminal.
 */
export { loadMessages, message } from "./messages.ts";
export type { Messages } from "./messages.ts";
export { renderAnswerText } from "./text.ts";
export { clip, htmlMessage } from "./html.ts";
export { escapeHtml, renderBlock, splitMessage } from "./split-message.ts";
export type { MessageBlock } from "./split-message.ts";
export { formatDate } from "./citation.ts";
export { passageBlocks } from "./passage.ts";
export { failedText, formatDateTime, formatDuration, progressText, summaryText } from "./progress.ts";
export { englishReason, englishWarning, reasonText, warningText } from "./reason.ts";
export { statusHtml } from "./status.ts";
export type { StatusFacts } from "./status.ts";
export {
  citedItems,
  draftHtml,
  fallbackBlocks,
  renderFallbackText,
  renderWrittenText,
  writtenAnswerBlocks,
} from "./written.ts";
export { writtenReplyText } from "./written-text.ts";
export { fitReply, REPLY_BUDGET, questionReplyBlocks, replyBlocks, replyHtml, replyWindows, reportDetails, reportName, windowPlace, windowRuns } from "./reply.ts";
export { htmlToTerminal, replyText, PLAIN, TERMINAL_BOLD } from "./reply-text.ts";
export type { TextStyle } from "./reply-text.ts";
