import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBot } from "../../src/bot/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { TestUser, memoryLogger, startEmulator } from "./harness.ts";
import type { Emulator } from "./harness.ts";

const TOKEN = "3001:keyword-SECRET-token-ffffffff";
const ADMIN = 31;

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

it("with no model reachable, the bot starts in keyword mode: admins are told once, questions are answered, /status says so", async () => {
  const log = memoryLogger();
  const config = ws.withEnv({
    EMBEDDING_MODEL: "Xenova/multilingual-e5-small",
    EMBEDDING_REMOTE_HOST: "http://127.0.0.1:9",
    EMBEDDINGS_DIR: path.join(ws.dir, "no-model"),
  });
  service = await openQaService(config, { logger: log.logger });
  const admin = new TestUser(emu, TOKEN, { userId: ADMIN });
  const stop = new AbortController();
  const running = startBot(service, { logger: log.logger, apiRoot: emu.apiRoot, signals: [], stop: stop.signal, progressIntervalMs: 0 });
  try {
    const [notice] = await admin.replies(1);
    expect(notice!.text).toContain("chỉ tìm theo từ khoá");
    expect(notice!.text).toContain("docs/offline.md");

    const asker = new TestUser(emu, TOKEN, { userId: 5 });
    const seed = SEED_QUESTIONS[0]!;
    await asker.say(seed.question);
    const answer = await asker.settle();
    expect(answer.map((m) => m.text).join("\n")).toContain(seed.gold.slice(0, 30));

    await asker.command("/status");
    const [status] = await asker.replies(1);
    expect(status!.text).toContain("chỉ tìm theo từ khoá");
    // Told once: nothing more for the admin.
    expect(await admin.silence(300)).toEqual([]);
  } finally {
    stop.abort();
    await running;
  }
}, 120_000);
