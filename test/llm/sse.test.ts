import { describe, expect, it } from "vitest";
import { sseEvents } from "../../src/llm/mod.ts";

/** A body delivering `chunks` (text or bytes) one read at a time, then failing with `error` if given. */
function body(chunks: (string | Uint8Array)[], error?: Error): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        const c = chunks[i++]!;
        controller.enqueue(typeof c === "string" ? encoder.encode(c) : c);
      } else if (error !== undefined) controller.error(error);
      else controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const e of sseEvents(stream)) events.push(e);
  return events;
}

describe("sseEvents", () => {
  it("reassembles events split mid-line and mid-field across chunks", async () => {
    const events = await collect(body(["da", 'ta: {"a"', ':1}\n', "\ndata: [DO", "NE]\n\n"]));
    expect(events.map((e) => e.data)).toEqual(['{"a":1}', "[DONE]"]);
  });

  it("decodes a Vietnamese character whose bytes are split between two chunks", async () => {
    const bytes = new TextEncoder().encode("data: Hà Tĩnh\n\n");
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of "à"
    expect(cut).toBeGreaterThan(1);
    const events = await collect(body([bytes.slice(0, cut), bytes.slice(cut)]));
    expect(events.map((e) => e.data)).toEqual(["Hà Tĩnh"]);
  });

  it("handles CRLF endings, comments, multi-line data and named events", async () => {
    const events = await collect(body([": keep-alive\r\n\r\nevent: error\r\ndata: line 1\r\ndata: line 2\r\n\r\ndata: x\n\n"]));
    expect(events).toEqual([
      { event: "error", id: undefined, data: "line 1\nline 2" },
      { event: undefined, id: undefined, data: "x" },
    ]);
  });

  it("drops an event left unfinished when the body ends", async () => {
    expect((await collect(body(["data: one\n\ndata: tw"]))).map((e) => e.data)).toEqual(["one"]);
  });

  it("passes on a body that fails, after the events before it", async () => {
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of sseEvents(body(["data: one\n\n"], new TypeError("terminated")))) seen.push(e.data);
      })(),
    ).rejects.toThrow("terminated");
    expect(seen).toEqual(["one"]);
  });

  it("gives up on a line that never ends instead of buffering without limit", async () => {
    const endless = body(["data: ", "x".repeat(600), "y".repeat(600), "z".repeat(600)]);
    await expect(
      (async () => {
        for await (const e of sseEvents(endless, 1000)) void e;
      })(),
    ).rejects.toThrow(/max buffer size/i);
  });
});
