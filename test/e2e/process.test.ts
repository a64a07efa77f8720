/**
 * The bot as a service manager runs it: `npm start` in a process group of its own, against the
 * emulator. What only a real process shows: what reaches stdout/stderr (never the token, even when
 * the Bot API goes away mid-poll), and a group SIGTERM (systemd, docker stop, Ctrl-C), which must
 * let the answers in flight finish, end a reindex's progress message as stopped, and exit 0.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import { buildOptionsFor, createWorkspace, REPO_ROOT } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { TestUser, startEmulator } from "./harness.ts";
import type { Emulator } from "./harness.ts";
import { visibleText } from "../render/html-check.ts";

const TOKEN = "3003:process-SECRET-token-ffffffff";
const ADMIN = 9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let ws: Workspace;
let emu: Emulator | undefined;

beforeAll(async () => {
  ws = await createWorkspace();
  const embedder = await loadEmbedder(ws.config.embedding);
  (await buildIndex(buildOptionsFor(ws, embedder))).index.close();
  await embedder.dispose();
}, 60_000);

afterAll(async () => {
  await emu?.stop();
  await ws?.remove();
});

/**
 * What `npm start` runs, in a process group of its own, with everything it writes collected. Not
 * npm itself: npm exits at once on SIGTERM, without waiting for the bot (a service should run this
 * command directly, see docs/operations.md).
 */
const START = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts.start.split(" ") as string[];
function startBot(apiRoot: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(START[0]!, START.slice(1), {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SEEDS_DIR: ws.seedsDir,
      EMBEDDINGS_DIR: path.join(ws.dir, "embeddings"),
      QUESTIONS_FILE: path.join(ws.dir, "questions.db"),
      EMBEDDING_MODEL: ws.config.embedding.model,
      EMBEDDING_OFFLINE: "true",
      GLOSSARY_FILE: ws.config.search.glossaryFile ?? "",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_USER_IDS: String(ADMIN),
      LOG_LEVEL: "info",
    },
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const running = (output: () => string) => () => output().includes("bot running (long polling)");

it("never writes the token to stdout or stderr, even when the Bot API goes away mid-poll", async () => {
  const emulator = await startEmulator();
  const bot = startBot(emulator.apiRoot);
  try {
    await waitFor(running(bot.output), 60_000, "the bot to start");
    await emulator.stop(); // polling now fails: connection refused, retried with growing pauses
    await waitFor(() => (bot.output().match(/fetching updates failed/g) ?? []).length >= 3, 20_000, "three failed polls");
    process.kill(-bot.child.pid!, "SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
  } finally {
    if (bot.child.exitCode === null) process.kill(-bot.child.pid!, "SIGKILL");
  }
}, 120_000);

it("on a group SIGTERM finishes the answers in flight, ends the reindex message as stopped, and exits 0", async () => {
  emu = await startEmulator();
  // Enough new reports that the reindex is still embedding when the signal comes.
  for (let i = 0; i < 400; i++) {
    await writeFile(path.join(ws.seedsDir, `100_${i}.txt`), `Báo cáo số ${i} về trạm bơm\n\n${"Trạm bơm Kênh Tím số " + i + " đã được nghiệm thu và đưa vào vận hành. ".repeat(40)}\n`);
  }
  const bot = startBot(emu.apiRoot);
  try {
    await waitFor(running(bot.output), 60_000, "the bot to start");
    const admin = new TestUser(emu, TOKEN, { userId: ADMIN });
    await admin.command("/reindex");
    const [progress] = await admin.replies(1, 20_000);
    // Telegram answers slowly from now on: each answer is still on its way when the signal comes.
    emu.slowDown("sendMessage", 1_500);
    const askers = Array.from({ length: 20 }, (_, i) => new TestUser(emu!, TOKEN, { userId: 100 + i }));
    await Promise.all(askers.map((a) => a.say("Ai chủ trì hội nghị sơ kết chương trình phối hợp?")));
    await waitFor(() => emu!.count("sendChatAction") >= askers.length, 20_000, "every question to be fetched");
    process.kill(-bot.child.pid!, "SIGTERM");
    const started = Date.now();
    expect(await bot.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const asker of askers) {
      const texts = asker.all().map((m) => visibleText(m.text));
      expect(texts.some((t) => t.includes("[1]") || t.includes("hỏi lại sau")), JSON.stringify(texts)).toBe(true);
    }
    expect(visibleText(admin.current(progress!.messageId).text)).toMatch(/đã dừng vì bot đang tắt/);
    expect(bot.output()).not.toContain(TOKEN.split(":")[1]);
  } finally {
    if (bot.child.exitCode === null) process.kill(-bot.child.pid!, "SIGKILL");
  }
}, 180_000);
