/**
 * Load check: N askers (default 50) each send Q questions (default 3) at once to the bot run as
 * `npm start` runs it (its own process, the generated test model or `--model DIR`, the seed
 * reports), against the Bot API emulator, optionally while an admin's /reindex runs. With a model
 * of the real one's cost (`npm run make-test-model -- DIR --shape e5-small`) it waits until every
 * passage is embedded, so the questions meet the bot as it runs for years, model and all. Prints
 * how many questions were answered, refused or lost, and the answer latency. Not a test (timings
 * depend on the machine): figures go to docs/measurements/.
 *
 *   node --import tsx tools/load/askers.ts [--askers 50] [--questions 3] [--reindex] [--model DIR]
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "../../src/cli/run.ts";
import { TestUser, startEmulator } from "../../test/e2e/harness.ts";
import { getTestModelDir } from "../../test/helpers/test-model.ts";
import { REPO_ROOT, SEEDS_DIR } from "../../test/helpers/workspace.ts";

const { flags } = parseArgs(process.argv.slice(2), ["reindex"]);
const askers = Number(flags.get("askers") ?? 50);
const perAsker = Number(flags.get("questions") ?? 3);
const withReindex = flags.get("reindex") === true;
const model = flags.get("model");
const TOKEN = "4004:load-SECRET-token-12345678";
const ADMIN = 4;
const QUESTIONS = ["Ai chủ trì hội nghị sơ kết chương trình phối hợp?", "Công an TPHCM phối hợp với bưu điện chuyển phát giấy tờ gì?", "Hà Tĩnh tổ chức bao nhiêu hội nghị lắng nghe ý kiến Nhân dân?"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-load-"));
const seeds = path.join(dir, "seeds");
await cp(SEEDS_DIR, seeds, { recursive: true });
const emu = await startEmulator();
let output = "";
const bot = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
  cwd: REPO_ROOT,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, SEEDS_DIR: seeds, EMBEDDINGS_DIR: path.join(dir, "embeddings"), EMBEDDING_MODEL: typeof model === "string" ? path.resolve(model) : await getTestModelDir(), EMBEDDING_OFFLINE: "true", TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot, ADMIN_USER_IDS: String(ADMIN), LOG_LEVEL: "info", RATE_LIMIT_PER_MINUTE: "20" },
});
bot.stdout!.on("data", (c: Buffer) => (output += c.toString()));
bot.stderr!.on("data", (c: Buffer) => (output += c.toString()));
try {
  while (!output.includes("bot running")) await sleep(100);
  // A model the index was not built with: the bot answers by keywords until the background embedding ends.
  while (output.includes("embedding the passages in the background") && !output.includes("all passages embedded")) await sleep(100);
  if (withReindex) {
    for (let i = 0; i < 200; i++) await writeFile(path.join(seeds, `load_${i}.txt`), `Báo cáo số ${i}\n\n${"Trạm bơm đã được nghiệm thu và đưa vào vận hành. ".repeat(40)}\n`);
    await new TestUser(emu, TOKEN, { userId: ADMIN }).command("/reindex");
  }
  const users = Array.from({ length: askers }, (_, i) => new TestUser(emu, TOKEN, { userId: 1000 + i }));
  const started = Date.now();
  const latencies: number[] = [];
  let answered = 0;
  let refused = 0;
  await Promise.all(
    users.map(async (user, u) => {
      for (let q = 0; q < perAsker; q++) await user.say(`${QUESTIONS[(u + q) % QUESTIONS.length]} (${u}.${q})`);
      // Each question gets one message: its answer, or the rate limit's refusal.
      const seen = new Set<number>();
      const deadline = Date.now() + 120_000;
      while (seen.size < perAsker && Date.now() < deadline) {
        for (const m of user.all()) {
          if (seen.has(m.messageId)) continue;
          seen.add(m.messageId);
          if (m.text.includes("chưa được trả lời")) refused++;
          else (answered++, latencies.push(Date.now() - started));
        }
        await sleep(50);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const total = askers * perAsker;
  console.log(JSON.stringify({ askers, perAsker, total, answered, refused, lost: total - answered - refused, reindex: withReindex, msToAnswer: { p50: at(0.5), p95: at(0.95), max: latencies.at(-1) }, wallMs: Date.now() - started }));
} finally {
  process.kill(-bot.pid!, "SIGTERM");
  await new Promise((r) => bot.on("exit", r));
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
}
