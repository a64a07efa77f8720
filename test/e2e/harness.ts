/**
 * End-to-end plumbing: the Bot API emulator (telegram-test-api) on loopback, a small proxy in
 * front of it for the two things it lacks (getFile and file downloads), test users who send
 * messages and press buttons, and helpers to read what the bot sent.
 */
import http from "node:http";
import net from "node:net";
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import pino from "pino";
import type { Logger } from "pino";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import type { Embedder } from "../../src/embed/mod.ts";

/** The user id and username the emulator's getMe reports for every bot. */
export const EMULATED_BOT = { id: 666, username: "TestNameBot" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the proxy holds an empty getUpdates answer. */
const EMPTY_POLL_MS = 25;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The emulator, and the proxy bots talk to (`apiRoot`). */
export interface Emulator {
  server: TelegramServer;
  /** Give bots this as their API root. */
  apiRoot: string;
  /** Files the proxy serves through getFile and /file/bot…/…, by file_id. */
  files: Map<string, Buffer>;
  /** How many getFile calls reached the proxy. */
  getFileCalls(): number;
  /** Answers the next call of `method` with `answer` (HTTP `status`) instead of passing it on. */
  failNext(method: string, status: number, answer: unknown): void;
  /** Calls of `method` that reached the proxy, answered or failed. */
  count(method: string): number;
  /** Closes the connection of the next call of `method` without an answer (the client sees "socket hang up"). */
  dropNext(method: string): void;
  /** Holds every answer to `method` for `ms` before passing it on (0: no more). */
  slowDown(method: string, ms: number): void;
  stop(): Promise<void>;
}

/**
 * Starts telegram-test-api on a free loopback port and a proxy in front of it. The emulator has no
 * getFile and serves no files, so the proxy answers those two from `files` (the bot downloads
 * over real HTTP exactly as from Telegram); every other request is passed through unchanged, so
 * methods the emulator lacks (sendChatAction, setMyCommands) still fail as they would there.
 */
export async function startEmulator(): Promise<Emulator> {
  const server = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 3600 });
  await server.start();
  const upstream = server.config.apiURL;
  const files = new Map<string, Buffer>();
  let getFileCalls = 0;
  const failures = new Map<string, { status: number; answer: unknown }>();
  const counts = new Map<string, number>();
  const drops = new Set<string>();
  const delays = new Map<string, number>();
  const proxy = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://proxy");
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const method = /^\/bot[^/]+\/(\w+)$/.exec(url.pathname)?.[1];
      if (method !== undefined) counts.set(method, (counts.get(method) ?? 0) + 1);
      if (method !== undefined && drops.delete(method)) return void req.socket.destroy();
      const failure = method === undefined ? undefined : failures.get(method);
      if (failure !== undefined) {
        failures.delete(method!);
        return reply(failure.status, failure.answer);
      }
      if (/^\/bot[^/]+\/getFile$/.test(url.pathname)) {
        getFileCalls++;
        const fileId = String((JSON.parse(body.toString() || "{}") as { file_id?: string }).file_id);
        const bytes = files.get(fileId);
        if (bytes === undefined) return reply(400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
        return reply(200, { ok: true, result: { file_id: fileId, file_unique_id: fileId, file_size: bytes.length, file_path: `documents/${fileId}` } });
      }
      const file = /^\/file\/bot[^/]+\/documents\/(.+)$/.exec(url.pathname);
      if (file !== null) {
        const bytes = files.get(decodeURIComponent(file[1]!));
        if (bytes === undefined) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
        return res.end(bytes);
      }
      // A slow server: the request waits before it reaches the emulator, and is lost if the client goes meanwhile.
      const delay = method === undefined ? 0 : (delays.get(method) ?? 0);
      if (delay > 0) {
        await sleep(delay);
        if (req.socket.destroyed) return;
      }
      const forwarded = await fetch(`${upstream}${req.url}`, {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "application/json" },
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      const answer = Buffer.from(await forwarded.arrayBuffer());
      // The emulator answers getUpdates at once even when there is nothing: hold empty answers a
      // moment, as Telegram's long polling would, so polling bots do not spin.
      if (/\/getUpdates$/.test(url.pathname) && answer.toString() === '{"ok":true,"result":[]}') await sleep(EMPTY_POLL_MS);
      res.writeHead(forwarded.status, { "content-type": forwarded.headers.get("content-type") ?? "application/json" });
      res.end(answer);
    } catch (error) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 502, description: String(error) }));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as net.AddressInfo;
  return {
    server,
    apiRoot: `http://127.0.0.1:${port}`,
    files,
    getFileCalls: () => getFileCalls,
    failNext: (method, status, answer) => void failures.set(method, { status, answer }),
    count: (method) => counts.get(method) ?? 0,
    dropNext: (method) => void drops.add(method),
    slowDown: (method, ms) => void delays.set(method, ms),
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.stop();
    },
  };
}

/** A call the bot made to the Bot API. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * Runs a bot against the emulator with @grammyjs/runner, as `startBot` does. Every API call is
 * recorded, for what the emulator does not keep (answerCallbackQuery texts, failed calls).
 */
export function runTestBot(bot: Bot): { calls: ApiCall[]; stop: () => Promise<void> } {
  const calls: ApiCall[] = [];
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== "getUpdates") calls.push({ method, payload: payload as Record<string, unknown> });
    return prev(method, payload, signal);
  });
  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query"] }, retryInterval: 100 } });
  return {
    calls,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
    },
  };
}

/** A message the bot sent, as the emulator holds it (edits applied). */
export interface BotMessage {
  messageId: number;
  text: string;
  parseMode?: string;
  /** Inline buttons, row by row. */
  buttons: { text: string; callback_data: string }[][];
  replyTo?: number;
}

interface StoredBot {
  botToken: string;
  messageId: number;
  message: Record<string, unknown>;
}

function toBotMessage(u: StoredBot): BotMessage {
  const m = u.message;
  const markup = m.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  const replyParameters = m.reply_parameters as { message_id?: number } | string | undefined;
  const parsedReply = typeof replyParameters === "string" ? (JSON.parse(replyParameters) as { message_id?: number }) : replyParameters;
  return {
    messageId: u.messageId,
    text: String(m.text ?? ""),
    parseMode: m.parse_mode as string | undefined,
    buttons: markup?.inline_keyboard ?? [],
    replyTo: parsedReply?.message_id,
  };
}

/** Options for a {@link TestUser}. */
export interface UserOptions {
  userId: number;
  /** Default: the user's private chat (same id as the user). */
  chatId?: number;
  type?: "private" | "group" | "supergroup";
  languageCode?: string;
}

/**
 * A person in one chat with the bot: sends texts, commands, other messages and button presses,
 * and reads the bot's new messages in that chat.
 */
export class TestUser {
  readonly chatId: number;
  private readonly client;
  private readonly seen = new Set<number>();

  constructor(
    private readonly emulator: Emulator,
    private readonly token: string,
    readonly options: UserOptions,
  ) {
    this.chatId = options.chatId ?? options.userId;
    this.client = emulator.server.getClient(token, {
      userId: options.userId,
      chatId: this.chatId,
      type: options.type ?? "private",
      firstName: `User${options.userId}`,
      userName: `user${options.userId}`,
    });
    // Only what the bot sends from now on counts as a reply to this user.
    for (const m of this.all()) this.seen.add(m.messageId);
  }

  private from() {
    return { from: { id: this.options.userId, language_code: this.options.languageCode } };
  }

  /** Sends a text message (a question in a private chat). `extra` is merged into the message. */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.client.sendMessage(this.client.makeMessage(text, { ...this.from(), ...extra }));
  }

  /** Sends a command, e.g. `/ask câu hỏi` or `/help@TestNameBot`. */
  async command(text: string): Promise<void> {
    await this.client.sendCommand(this.client.makeCommand(text, this.from()));
  }

  /** Sends a message without text (a sticker, a document…): `fields` become the message's body. */
  async send(fields: Record<string, unknown>): Promise<void> {
    const message = this.client.makeMessage("", { ...this.from(), ...fields }) as unknown as Record<string, unknown>;
    delete message.text;
    await this.client.sendMessage(message as never);
  }

  /** Presses the button labelled `label` (a substring) under `message`. */
  async press(message: BotMessage, label: string): Promise<void> {
    const button = message.buttons.flat().find((b) => b.text.includes(label));
    if (button === undefined) throw new Error(`no button "${label}" under message ${message.messageId}: ${JSON.stringify(message.buttons)}`);
    await this.pressData(message.messageId, button.callback_data);
  }

  /** Presses a button with the given callback data under message `messageId`. */
  async pressData(messageId: number, data: string): Promise<void> {
    await this.client.sendCallback(this.client.makeCallbackQuery(data, { ...this.from(), message: { message_id: messageId } }));
  }

  /** Every message the bot has sent in this chat, oldest first. */
  all(): BotMessage[] {
    return (this.emulator.server.storage.botMessages as unknown as StoredBot[])
      .filter((u) => u.botToken === this.token && String(u.message.chat_id) === String(this.chatId))
      .map(toBotMessage);
  }

  /** Waits for `count` messages the bot sent here since the last call, and returns them. */
  async replies(count = 1, timeoutMs = 15_000): Promise<BotMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.all().filter((m) => !this.seen.has(m.messageId));
      if (fresh.length >= count) {
        const taken = fresh.slice(0, count);
        for (const m of taken) this.seen.add(m.messageId);
        return taken;
      }
      if (Date.now() > deadline) throw new Error(`expected ${count} new bot message(s) in chat ${this.chatId}, got ${fresh.length}: ${JSON.stringify(fresh.map((m) => m.text.slice(0, 80)))}`);
      await sleep(20);
    }
  }

  /**
   * Waits for at least one new message, then for the bot to go quiet (nothing new for `quietMs`),
   * and returns all it sent meanwhile.
   */
  async settle(quietMs = 600, timeoutMs = 15_000, atLeast = 1): Promise<BotMessage[]> {
    const deadline = Date.now() + timeoutMs;
    let count = -1;
    let since = Date.now();
    for (;;) {
      const fresh = this.all().filter((m) => !this.seen.has(m.messageId));
      if (fresh.length !== count) {
        count = fresh.length;
        since = Date.now();
      } else if ((fresh.length >= atLeast && Date.now() - since >= quietMs) || Date.now() > deadline) {
        for (const m of fresh) this.seen.add(m.messageId);
        return fresh;
      }
      await sleep(20);
    }
  }

  /** Waits `quietMs` and returns whatever the bot sent meanwhile (expected: nothing). */
  silence(quietMs = 500): Promise<BotMessage[]> {
    return this.settle(quietMs, quietMs + 5000, 0);
  }

  /** The current state of a message the bot sent (after edits). */
  current(messageId: number): BotMessage {
    const m = this.all().find((x) => x.messageId === messageId);
    if (m === undefined) throw new Error(`no bot message ${messageId}`);
    return m;
  }
}

/** A pino logger that keeps its lines (JSON) in memory, for assertions about logging. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }), lines };
}

/**
 * An embedder whose passage embedding can be held (to observe a reindex mid-way) or made to fail
 * (to observe a failed reindex). Questions are never held.
 */
export function controllableEmbedder(inner: Embedder) {
  let gate: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let failure: Error | undefined;
  let reached: (() => void) | undefined;
  const embedder: Embedder = {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    embedQuery: (text) => inner.embedQuery(text),
    async embedPassages(texts, onProgress) {
      reached?.();
      if (gate !== undefined) await gate;
      if (failure !== undefined) throw failure;
      return inner.embedPassages(texts, onProgress);
    },
    dispose: () => inner.dispose(),
  };
  return {
    embedder,
    /** Holds passage embedding until {@link open}; resolves the returned promise when a build reaches it. */
    hold(): Promise<void> {
      gate = new Promise((r) => (release = r));
      return new Promise((r) => (reached = r));
    },
    open() {
      release?.();
      gate = undefined;
      reached = undefined;
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}
