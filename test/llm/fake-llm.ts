/**
 * A small OpenAI-compatible chat-completions server on loopback, for tests: each request is
 * recorded and answered by a script (streamed pieces of text, raw SSE, an HTTP error, a stream
 * that hangs or breaks off).
 */
import http from "node:http";
import type net from "node:net";

/** How the server answers one request. */
export type Script =
  /** The text in pieces, as `chat.completion.chunk` events, `delayMs` apart, then `[DONE]`. */
  | { kind: "stream"; pieces: string[]; delayMs?: number; finishReason?: string; done?: boolean }
  /** Raw text written to an event stream, piece by piece; then the response ends, or the connection is cut. */
  | { kind: "raw"; pieces: string[]; delayMs?: number; contentType?: string; end?: "end" | "destroy" }
  /** The first `pieces` as a stream, then the connection is cut mid-answer. */
  | { kind: "break"; pieces: string[]; delayMs?: number }
  /** Headers of an event stream, then nothing, ever. */
  | { kind: "hang" }
  /** A plain HTTP answer (an error, or a non-streamed JSON completion). */
  | { kind: "http"; status: number; body: string; contentType?: string };

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; max_tokens?: number; [key: string]: unknown };
}

/** The running server, its requests so far, and how it answers the next ones. */
export interface FakeLlm {
  /** Give this as `LLM_BASE_URL`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** How the next requests are answered (default: HTTP 500). */
  respond: (request: RecordedRequest) => Script;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One `chat.completion.chunk` event. */
export function chunkEvent(content: string | undefined, finishReason: string | null = null): string {
  const delta = content === undefined ? {} : { content };
  return `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", model: "test", choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

/** Starts the server on a free loopback port. */
export async function startFakeLlm(): Promise<FakeLlm> {
  const sockets = new Set<net.Socket>();
  const state: FakeLlm = {
    baseUrl: "",
    requests: [],
    respond: () => ({ kind: "http", status: 500, body: '{"error":{"message":"no script"}}' }),
    stop: async () => undefined,
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: RecordedRequest["body"] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      // Recorded as empty.
    }
    const request: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
    state.requests.push(request);
    const script = state.respond(request);
    if (script.kind === "http") {
      res.writeHead(script.status, { "content-type": script.contentType ?? "application/json" });
      res.end(script.body);
      return;
    }
    const contentType = script.kind === "raw" ? (script.contentType ?? "text/event-stream") : "text/event-stream";
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache" });
    res.flushHeaders();
    if (script.kind === "hang") return;
    const pieces = script.kind === "raw" ? script.pieces : script.pieces.map((p) => chunkEvent(p));
    for (const piece of pieces) {
      if (res.destroyed) return;
      res.write(piece);
      await sleep(script.delayMs ?? 0);
    }
    if (script.kind === "break" || (script.kind === "raw" && script.end === "destroy")) {
      res.destroy();
      return;
    }
    if (script.kind === "stream") {
      res.write(chunkEvent(undefined, script.finishReason ?? "stop"));
      if (script.done !== false) res.write("data: [DONE]\n\n");
    }
    res.end();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}/v1`;
  state.stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
