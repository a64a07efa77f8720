/**
 * startBot as `npm start` runs it, against the emulator: it copes with a Bot API server that lacks
 * setMyCommands, answers, and on a stop signal stops polling and abandons a reindex under way
 * without touching the index in force.
 */
import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConfigError } from "../../src/config.ts";
import { startBot } from "../../src/bot/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { htmlProblems, visibleText } from "../render/html-check.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { TestUser, controllableEmbedder, memoryLogger, startEmulator } from "./harness.ts";
import type { Emulator } from "./harness.ts";

const TOKEN = "2001:start-SECRET-token-eeeeeeee";
const ADMIN = 7;
const SIGNAL = "SIGUSR2";

let ws: Workspace;
let emu: Emulator;
let service: QaService;

beforeAll(async () => {
  ws = await createWorkspace({ ADMIN_USER_IDS: String(ADMIN), TELEGRAM_BOT_TOKEN: TOKEN });
  emu = await startEmulator();
});

afterAll(async () => {
  await service?.close();
  await emu?.stop();
  await ws?.remove();
});

it("runs until a stop signal, then stops polling and abandons the reindex under way, leaving the index in force", async () => {
  const log = memoryLogger();
  const control = controllableEmbedder(await loadEmbedder(ws.config.embedding));
  service = await openQaService(ws.config, { logger: log.logger, embedder: control.embedder });
  const builtAt = service.status().builtAt;
  const running = startBot(service, { logger: log.logger, apiRoot: emu.apiRoot, signals: [SIGNAL], progressIntervalMs: 0 });
  let stopped = false;
  void running.then(() => (stopped = true));

  const asker = new TestUser(emu, TOKEN, { userId: 3 });
  await asker.say("Ai chủ trì hội nghị sơ kết chương trình phối hợp?");
  const answer = await asker.settle();
  expect(answer.length).toBeGreaterThan(0);
  for (const m of answer) expect(htmlProblems(m.text)).toEqual([]);
  expect(visibleText(answer[0]!.text)).toContain("[1] ");
  // The emulator has no setMyCommands: the bot said so in the log and carried on.
  expect(log.lines.some((l) => l.includes("setMyCommands failed"))).toBe(true);

  // An admin starts a reindex that is held while embedding a new report; then the process is told to stop.
  await writeFile(path.join(ws.seedsDir, "009_new.txt"), "Báo cáo mới về trạm bơm\n\nTrạm bơm Kênh Tím đã được nghiệm thu ngày 1/2/2024.\n");
  const reached = control.hold();
  const admin = new TestUser(emu, TOKEN, { userId: ADMIN });
  await admin.command("/reindex");
  const [progress] = await admin.replies(1);
  await reached;
  process.emit(SIGNAL, SIGNAL);
  await new Promise((r) => setTimeout(r, 200));
  expect(stopped).toBe(false); // waiting for the reindex to give up
  control.open();
  await running;

  // The admin was told the reindex did not complete and the old index stays.
  const final = visibleText(admin.current(progress!.messageId).text);
  expect(final).toBe("Cập nhật chỉ mục đã dừng vì bot đang tắt. Chỉ mục cũ được giữ nguyên; gửi /reindex khi bot chạy lại.");
  expect(log.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);

  // Polling has stopped: nobody is answered any more.
  await asker.say("Còn ai ở đó không?");
  expect(await asker.silence(500)).toEqual([]);

  // The index on disk is the one from before, complete and loadable, without the abandoned report.
  const reopened = await openQaService(ws.config, { logger: log.logger });
  try {
    expect(reopened.status().builtAt).toBe(builtAt);
    expect(reopened.status().reports).toBe(5);
    expect(reopened.sources().map((d) => d.file)).not.toContain("009_new.txt");
  } finally {
    await reopened.close();
  }
  for (const line of log.lines) expect(line).not.toContain(TOKEN.split(":")[1]);
});

it("stops with a clear message when Telegram rejects the token, closing the service", async () => {
  const rejecting = http.createServer((_req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
  });
  await new Promise<void>((r) => rejecting.listen(0, "127.0.0.1", r));
  const port = (rejecting.address() as AddressInfo).port;
  let closed = 0;
  const fake = { config: ws.config, close: async () => void closed++ } as unknown as QaService;
  const log = memoryLogger();
  try {
    const refused = startBot(fake, { logger: log.logger, apiRoot: `http://127.0.0.1:${port}`, signals: [] });
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toThrow(/TELEGRAM_BOT_TOKEN: Telegram rejected the token/);
  } finally {
    await new Promise((r) => rejecting.close(r));
  }
  expect(closed).toBe(1);
  for (const line of log.lines) expect(line).not.toContain(TOKEN.split(":")[1]);
});
