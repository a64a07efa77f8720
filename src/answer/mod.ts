/**
 * The answer stage: ranked passages → a cited, extractive answer as plain data (the passages in
 * rank order, each with its citation and the sentence that best answers). Rendering it for
 * Telegram or the terminal lives in `../render/`.
 *
 * Commonly used: {@link composeAnswer}.
 */
export { composeAnswer, citationOf } from "./compose.ts";
export type { AnswerPage } from "./compose.ts";
export { bestSentence } from "./highlight.ts";
export type { Answer, AnswerItem, Citation } from "./types.ts";
