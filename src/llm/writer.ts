import type { LlmConfig } from "./types.ts";
import { buildChatMessages } from "./build-messages.ts";
import { LlmError, streamChatCompletion } from "./chat-stream.ts";
import { checkDraft, checkReply } from "./citations.ts";
import { loadLlmPrompts } from "./prompts.ts";
import type { AnswerWriter, LlmPrompts, WriteOutcome } from "./types.ts";

/** Options for {@link createAnswerWriter}. */
export interface WriterOptions {
  /** Prompt templates (default: loaded and checked from `prompts/llm/` now). */
  prompts?: LlmPrompts;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * An {@link AnswerWriter} over an OpenAI-compatible endpoint. The prompt templates are loaded and
 * checked here, so a broken template stops the program at start. Each `write` sends the question
 * and the passages (nothing else), streams the reply, and checks it: citations of passages that
 * were not given are removed, and a reply without one valid citation, the "not found" sentinel, or
 * any failure of the endpoint becomes an outcome the caller answers extractively.
 */
export function createAnswerWriter(config: LlmConfig, options: WriterOptions = {}): AnswerWriter {
  const prompts = options.prompts ?? loadLlmPrompts();
  const now = options.now ?? Date.now;
  return {
    model: config.model,
    async write(request, writeOptions = {}): Promise<WriteOutcome> {
      const started = now();
      const valid = request.items.map((item) => item.n);
      if (valid.length === 0) return { kind: "not_found", ms: 0 };
      let shown = "";
      const onText = (soFar: string) => {
        const draft = writeOptions.onDraft === undefined ? undefined : checkDraft(soFar, valid);
        if (draft === undefined || draft.text === shown) return;
        shown = draft.text;
        writeOptions.onDraft!(draft);
      };
      try {
        const reply = await streamChatCompletion(config, buildChatMessages(prompts, request), { signal: writeOptions.signal, fetch: options.fetch, onText });
        const ms = now() - started;
        if (reply.text.trim() === "") return { kind: "failed", ms, error: "empty", reason: "the model returned an empty answer" };
        const check = checkReply(reply.text, valid);
        if (check.kind === "written") return { ...check, ms, finishReason: reply.finishReason };
        if (check.kind === "uncited") return { kind: "uncited", ms, removed: check.removed };
        return { kind: "not_found", ms };
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        return { kind: "failed", ms: now() - started, error: error.kind, reason: error.message };
      }
    },
  };
}
