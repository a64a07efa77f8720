import { createParser } from "eventsource-parser";
import type { EventSourceMessage } from "eventsource-parser";

export type { EventSourceMessage };

/** Longest event (or line) held while waiting for its end: a server that never ends a line is cut off. */
const MAX_BUFFER_CHARS = 1_000_000;

/**
 * The server-sent events of a response body, as they complete. Bytes are decoded as a stream, so a
 * character split between two network chunks arrives whole; lines and events split between chunks
 * are reassembled by eventsource-parser (CR, LF and CRLF endings, multi-line data, comments).
 * Throws when the body fails (connection lost, aborted) or an event grows past the buffer limit.
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>, maxBufferChars = MAX_BUFFER_CHARS): AsyncGenerator<EventSourceMessage> {
  const ready: EventSourceMessage[] = [];
  let overflow: Error | undefined;
  const parser = createParser({
    maxBufferSize: maxBufferChars,
    onEvent: (event) => void ready.push(event),
    onError: (error) => {
      // Unknown fields and bad `retry` values are ignored, as browsers do; only overflow is fatal.
      if (error.type === "max-buffer-size-exceeded") overflow = error;
    },
  });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
      if (overflow !== undefined) throw overflow;
      while (ready.length > 0) yield ready.shift()!;
    }
  } finally {
    // Stops the download when the consumer stops early ([DONE], an error event) or fails.
    await reader.cancel().catch(() => undefined);
  }
}
