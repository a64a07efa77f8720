/**
 * Optional written answers: an OpenAI-compatible chat model (Ollama, llama.cpp server, vLLM,
 * OpenAI…) writes a short answer from the passages shown, and every citation in it is checked.
 * The extractive answer stays the default and the fallback.
 *
 * Commonly used: {@link createAnswerWriter} (from `config.llm`); the outcome is plain data,
 * rendered by `../render/`.
 */
export { createAnswerWriter } from "./writer.ts";
export { loadLlmPrompts, DEFAULT_LLM_PROMPTS_DIR, NOT_FOUND, fillTemplate, placeholders, promptFile } from "./prompts.ts";
export { buildChatMessages } from "./build-messages.ts";
export { streamChatCompletion, LlmError } from "./chat-stream.ts";
export { sseEvents } from "./sse.ts";
export { checkCitations, checkDraft, checkReply, isNotFound } from "./citations.ts";
export { removeLinks } from "./links.ts";
export { LLM_DEFAULTS } from "./types.ts";
export type {
  AnswerWriter,
  CheckedAnswer,
  FallbackReason,
  LlmConfig,
  WriteOptions,
  WriteOutcome,
} from "./types.ts";
