import type { AnswerItem } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";

/** One message of an OpenAI-compatible chat completion request. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The two prompt templates for one language (see `prompts/llm/`). */
export interface PromptPair {
  /** The rules: answer only from the passages, cite [n], say {not_found} when they do not answer. */
  system: string;
  /** The request: the numbered passages (`{passages}`) and the question (`{question}`). */
  answer: string;
}

/** The prompt templates in both languages; the asker's language picks the pair. */
export type LlmPrompts = Record<Lang, PromptPair>;

/** What the model is given: the question and the passages shown to the asker, numbered as shown. */
export interface WriteRequest {
  question: string;
  lang: Lang;
  items: readonly AnswerItem[];
}

/**
 * A model's answer after its citations were checked: every [n] left in `text` is one of the
 * passages given, and there is at least one.
 */
export interface CheckedAnswer {
  /** The answer as plain text (untrusted: escape before showing), citations normalised to [n][m]. */
  text: string;
  /** The passage numbers cited, in order of first citation. */
  cited: number[];
  /** Numbers the model cited that were not among the passages given (removed from `text`). */
  removed: number[];
}

/** Why a written answer was not shown (the extractive answer is shown instead, with a note). */
export type FallbackReason =
  /** The model said the passages do not answer (the sentinel). */
  | "not_found"
  /** The model answered without a single valid citation. */
  | "uncited"
  /** Timeout, HTTP error, network error, malformed or broken stream, empty answer. */
  | "failed";

/** The result of asking the model to write an answer. */
export type WriteOutcome =
  | ({ kind: "written"; ms: number; finishReason?: string } & CheckedAnswer)
  | { kind: "not_found"; ms: number }
  | { kind: "uncited"; ms: number; removed: number[] }
  | { kind: "failed"; ms: number; error: LlmErrorKind; reason: string };

/** How a chat request failed. */
export type LlmErrorKind = "timeout" | "aborted" | "http" | "network" | "stream" | "empty";

/** Options for one {@link AnswerWriter.write}. */
export interface WriteOptions {
  /** Cancels the request (the writer also stops at its configured timeout). */
  signal?: AbortSignal;
  /**
   * Called as the answer streams in, with the part written so far, checked like the final answer
   * and with a possibly unfinished last word held back. Never called before the model has cited
   * at least one of the given passages, so an answer that will be refused is never shown at all.
   */
  onDraft?: (draft: CheckedAnswer) => void;
}

/** Writes short cited answers from passages with an OpenAI-compatible chat model. */
export interface AnswerWriter {
  /** The model name sent to the endpoint. */
  readonly model: string;
  /** Never throws for the model's or the endpoint's failures: those are a `failed` outcome. */
  write(request: WriteRequest, options?: WriteOptions): Promise<WriteOutcome>;
}

/** An optional OpenAI-compatible chat endpoint for written answers; absent means extractive only. */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxTokens: number;
}

/** The written answers' defaults. */
export const LLM_DEFAULTS = { timeoutMs: 60_000, maxTokens: 600 } as const satisfies Partial<LlmConfig>;
