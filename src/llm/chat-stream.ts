import type { LlmConfig } from "./types.ts";
import { cutText } from "../text/mod.ts";
import { sseEvents } from "./sse.ts";
import type { ChatMessage, LlmErrorKind } from "./types.ts";

/** A chat completion that did not complete; `message` is one line, safe to log. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LlmError";
  }
}

/** A finished completion. */
export interface ChatResult {
  text: string;
  /** `stop`, or `length` when the answer was cut at the token limit. */
  finishReason?: string;
}

/** Options for {@link streamChatCompletion}. */
export interface ChatStreamOptions {
  signal?: AbortSignal;
  /** Called with the whole text so far each time more arrives. */
  onText?: (soFar: string) => void;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

const oneLine = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${cutText(flat, max)}…` : flat;
};

/** The message of an OpenAI-style error body (`{"error":{"message":…}}`), else the body itself. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === "string") return oneLine(message);
  } catch {
    // Not JSON: the text itself.
  }
  return oneLine(body) || "(empty body)";
}

interface ChunkJson {
  error?: unknown;
  object?: string;
  message?: string;
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
}

/** An error reported inside a stream chunk (vLLM, llama.cpp and others do this mid-stream). */
function chunkError(chunk: ChunkJson): string | undefined {
  if (chunk.error !== undefined && chunk.error !== null) return errorText(JSON.stringify({ error: chunk.error }));
  if (chunk.object === "error") return oneLine(String(chunk.message ?? "error"));
  return undefined;
}

/**
 * Asks an OpenAI-compatible endpoint (`POST {baseUrl}/chat/completions`, `stream: true`) for a
 * completion and reads it as server-sent events, calling `onText` as text arrives. The whole
 * exchange must finish within `config.timeoutMs`. Throws an {@link LlmError}: `timeout`, `aborted`,
 * `http` (a non-2xx answer, with the server's message), `network` (no connection), or `stream` (an
 * error event, data that is not JSON, a connection lost mid-answer, a stream that ends without
 * `[DONE]` or a finish reason). A server that ignores `stream` and answers with one JSON
 * completion is understood too.
 */
export async function streamChatCompletion(config: LlmConfig, messages: readonly ChatMessage[], options: ChatStreamOptions = {}): Promise<ChatResult> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const failure = (error: unknown, kind: LlmErrorKind, what: string): LlmError => {
    if (error instanceof LlmError) return error;
    if (timeout.aborted) return new LlmError("timeout", `no complete answer within ${config.timeoutMs} ms`, { cause: error });
    if (options.signal?.aborted) return new LlmError("aborted", "the request was cancelled", { cause: error });
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in its cause.
    const why = cause?.code ?? (cause?.message ? oneLine(cause.message, 80) : undefined);
    return new LlmError(kind, `${what}: ${oneLine((error as Error).message ?? String(error))}${why ? ` (${why})` : ""}`, { cause: error });
  };

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${config.baseUrl}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        ...(config.apiKey === undefined ? {} : { authorization: `Bearer ${config.apiKey}` }),
      },
      body: JSON.stringify({ model: config.model, messages, stream: true, max_tokens: config.maxTokens, temperature: 0 }),
      signal,
    });
  } catch (error) {
    throw failure(error, "network", `cannot reach ${config.baseUrl}`);
  }

  try {
    if (!response.ok) throw new LlmError("http", `HTTP ${response.status} from ${config.baseUrl}: ${errorText(await response.text())}`);
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("application/json")) {
      const chunk = JSON.parse(await response.text()) as ChunkJson;
      const problem = chunkError(chunk);
      if (problem !== undefined) throw new LlmError("stream", `the endpoint reported an error: ${problem}`);
      const choice = chunk.choices?.[0];
      const text = typeof choice?.message?.content === "string" ? choice.message.content : "";
      options.onText?.(text);
      return { text, finishReason: typeof choice?.finish_reason === "string" ? choice.finish_reason : undefined };
    }
    if (!type.includes("text/event-stream") || response.body === null) {
      throw new LlmError("stream", `expected an event stream, got "${oneLine(type, 60) || "no content type"}"`);
    }
    let text = "";
    let finishReason: string | undefined;
    for await (const event of sseEvents(response.body)) {
      if (event.event === "error") throw new LlmError("stream", `the endpoint reported an error: ${errorText(event.data)}`);
      if (event.data.trim() === "[DONE]") return { text, finishReason };
      let chunk: ChunkJson;
      try {
        chunk = JSON.parse(event.data) as ChunkJson;
      } catch (error) {
        throw new LlmError("stream", `malformed event data: ${oneLine(event.data, 80)}`, { cause: error });
      }
      const problem = chunkError(chunk);
      if (problem !== undefined) throw new LlmError("stream", `the endpoint reported an error: ${problem}`);
      const choice = chunk.choices?.[0];
      const piece = choice?.delta?.content;
      if (typeof piece === "string" && piece !== "") {
        text += piece;
        options.onText?.(text);
      }
      if (typeof choice?.finish_reason === "string") finishReason = choice.finish_reason;
    }
    if (finishReason === undefined) throw new LlmError("stream", "the stream ended before the answer was complete");
    return { text, finishReason };
  } catch (error) {
    throw failure(error, "stream", "the answer stream failed");
  }
}
