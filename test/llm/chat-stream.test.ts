import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmConfig } from "../../src/config.ts";
import { LlmError, streamChatCompletion } from "../../src/llm/mod.ts";
import { chunkEvent, startFakeLlm } from "./fake-llm.ts";
import type { FakeLlm } from "./fake-llm.ts";

let llm: FakeLlm;
let config: LlmConfig;
const MESSAGES = [
  { role: "system" as const, content: "rules" },
  { role: "user" as const, content: "passages and question" },
];

beforeAll(async () => {
  llm = await startFakeLlm();
  config = { baseUrl: llm.baseUrl, model: "qwen2.5:7b-instruct", apiKey: "sk-test-key-123456", timeoutMs: 5000, maxTokens: 321 };
});
afterAll(() => llm?.stop());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The error a failing completion throws. */
async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe("streamChatCompletion", () => {
  it("posts an OpenAI-style streaming request and collects the streamed text, reporting it as it grows", async () => {
    llm.respond = () => ({ kind: "stream", pieces: ["Ông A ", "chủ trì ", "[1]."] });
    const seen: string[] = [];
    const result = await streamChatCompletion(config, MESSAGES, { onText: (t) => seen.push(t) });
    expect(result).toEqual({ text: "Ông A chủ trì [1].", finishReason: "stop" });
    expect(seen).toEqual(["Ông A ", "Ông A chủ trì ", "Ông A chủ trì [1]."]);
    const request = llm.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer sk-test-key-123456");
    expect(request.body).toEqual({ model: "qwen2.5:7b-instruct", messages: MESSAGES, stream: true, max_tokens: 321, temperature: 0 });
  });

  it("sends no Authorization header without a key (Ollama, llama.cpp)", async () => {
    llm.respond = () => ({ kind: "stream", pieces: ["ok [1]"] });
    await streamChatCompletion({ ...config, apiKey: undefined }, MESSAGES);
    expect(llm.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("stops at [DONE], and accepts a stream that ends after a finish reason without [DONE]", async () => {
    llm.respond = () => ({ kind: "raw", pieces: [chunkEvent("a"), "data: [DONE]\n\n", chunkEvent("never seen")] });
    expect((await streamChatCompletion(config, MESSAGES)).text).toBe("a");
    llm.respond = () => ({ kind: "stream", pieces: ["b"], done: false, finishReason: "length" });
    expect(await streamChatCompletion(config, MESSAGES)).toEqual({ text: "b", finishReason: "length" });
  });

  it("fails on an error event, and on an error object inside a chunk", async () => {
    llm.respond = () => ({ kind: "raw", pieces: [chunkEvent("par"), 'event: error\ndata: {"error":{"message":"model crashed"}}\n\n'] });
    let e = await failure(streamChatCompletion(config, MESSAGES));
    expect([e.kind, e.message]).toEqual(["stream", "the endpoint reported an error: model crashed"]);
    llm.respond = () => ({ kind: "raw", pieces: [chunkEvent("par"), 'data: {"error":{"message":"out of memory","code":500}}\n\n'] });
    e = await failure(streamChatCompletion(config, MESSAGES));
    expect([e.kind, e.message]).toEqual(["stream", "the endpoint reported an error: out of memory"]);
  });

  it("fails on data that is not JSON", async () => {
    llm.respond = () => ({ kind: "raw", pieces: [chunkEvent("a"), "data: {not json\n\n"] });
    const e = await failure(streamChatCompletion(config, MESSAGES));
    expect([e.kind, e.message]).toEqual(["stream", "malformed event data: {not json"]);
  });

  it("fails on a stream that ends, or is cut, before the answer is complete", async () => {
    llm.respond = () => ({ kind: "raw", pieces: [chunkEvent("half an ans")] });
    let e = await failure(streamChatCompletion(config, MESSAGES));
    expect([e.kind, e.message]).toEqual(["stream", "the stream ended before the answer was complete"]);
    llm.respond = () => ({ kind: "break", pieces: ["half ", "an ans"], delayMs: 20 });
    e = await failure(streamChatCompletion(config, MESSAGES));
    expect(e.kind).toBe("stream");
    expect(e.message).toMatch(/^the answer stream failed: /);
  });

  it("reports an HTTP error with the server's message", async () => {
    llm.respond = () => ({ kind: "http", status: 404, body: '{"error":{"message":"model \\"qwen9\\" not found, try pulling it first"}}' });
    const e = await failure(streamChatCompletion(config, MESSAGES));
    expect(e.kind).toBe("http");
    expect(e.message).toBe(`HTTP 404 from ${llm.baseUrl}: model "qwen9" not found, try pulling it first`);
  });

  it("refuses an answer that is neither an event stream nor JSON", async () => {
    llm.respond = () => ({ kind: "http", status: 200, body: "<html>login</html>", contentType: "text/html" });
    const e = await failure(streamChatCompletion(config, MESSAGES));
    expect([e.kind, e.message]).toEqual(["stream", 'expected an event stream, got "text/html"']);
  });

  it("understands a server that ignores `stream` and answers with one JSON completion", async () => {
    llm.respond = () => ({ kind: "http", status: 200, body: JSON.stringify({ choices: [{ message: { role: "assistant", content: "Ông A [1]." }, finish_reason: "stop" }] }) });
    const seen: string[] = [];
    expect(await streamChatCompletion(config, MESSAGES, { onText: (t) => seen.push(t) })).toEqual({ text: "Ông A [1].", finishReason: "stop" });
    expect(seen).toEqual(["Ông A [1]."]);
  });

  it("times out a server that stops sending, and one that streams too slowly", async () => {
    llm.respond = () => ({ kind: "hang" });
    let e = await failure(streamChatCompletion({ ...config, timeoutMs: 300 }, MESSAGES));
    expect([e.kind, e.message]).toEqual(["timeout", "no complete answer within 300 ms"]);
    llm.respond = () => ({ kind: "stream", pieces: ["a", "b", "c", "d", "e", "f"], delayMs: 100 });
    e = await failure(streamChatCompletion({ ...config, timeoutMs: 300 }, MESSAGES));
    expect(e.kind).toBe("timeout");
  });

  it("tells a cancelled request from a timeout, and an unreachable server from both", async () => {
    llm.respond = () => ({ kind: "hang" });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    let e = await failure(streamChatCompletion(config, MESSAGES, { signal: abort.signal }));
    expect(e.kind).toBe("aborted");
    const closed = await closedPort();
    e = await failure(streamChatCompletion({ ...config, baseUrl: `http://127.0.0.1:${closed}/v1` }, MESSAGES));
    expect(e.kind).toBe("network");
    expect(e.message).toBe(`cannot reach http://127.0.0.1:${closed}/v1: fetch failed (ECONNREFUSED)`);
  });
});
