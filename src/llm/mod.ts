/**
 * Optional written answers: an OpenAI-compatible chat model (Ollama, llama.cpp server, vLLM,
 * OpenAI…) writes a short answer from the passages shown, and every citation in it is checked.
 * The extractive answer stays the default and the fallback.
 *
 * Commonly used: {@link createAnswerWriter} (from `config.llm`); the outcome is plain data,
 * rendered by `../render/`.
 */
export { createAnswerWriter } from "./writer.ts";
export type { WriterOptions } from "./writer.ts";
export { loadLlmPrompts, DEFAULT_LLM_PROMPTS_DIR, NOT_FOUND, fillTemplate, placeholders, promptFile, templateProblem } from "./prompts.ts";
export { buildChatMessages, passageBlock, asData } from "./build-messages.ts";
export { streamChatCompletion, LlmError } from "./chat-stream.ts";
export type { ChatResult, ChatStreamOptions } from "./chat-stream.ts";
export { sseEvents } from "./sse.ts";
export type { EventSourceMessage } from "./sse.ts";
export { checkCitations, checkDraft, checkReply, isNotFound } from "./citations.ts";
export type { ReplyCheck } from "./citations.ts";
export { removeLinks } from "./links.ts";
export type {
  AnswerWriter,
  ChatMessage,
  CheckedAnswer,
  FallbackReason,
  LlmErrorKind,
  LlmPrompts,
  PromptPair,
  WriteOptions,
  WriteOutcome,
  WriteRequest,
} from "./types.ts";
