/**
 * Running hoidap over time, end to end (the bot against the Bot API emulator, over the real
 * service): /gaps and /stats after a mix of questions and votes, /reports removing a report, and a
 * report dropped into the seeds folder answering without /reindex.
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/mod.ts";
import type { HoidapBot } from "../../src/bot/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { openQaService, watchSeeds } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { visibleText } from "../render/html-check.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { TestUser, memoryLogger, runTestBot, startEmulator } from "./harness.ts";
import type { ApiCall, BotMessage, Emulator } from "./harness.ts";

const ADMIN = 2001;
const TOKEN = "2001:ops-SECRET-token-aaaaaaaa";
const DEBOUNCE_MS = 400;

const flat = (s: string) => s.replace(/\s+/g, " ").trim();
const visible = (messages: BotMessage[]) => flat(messages.map((m) => visibleText(m.text)).join("\n"));

/** Questions the five seed reports do not answer (nothing in them is about these). */
const MISSING = {
  vaccine: "Lịch tiêm vắc-xin dại cho chó mèo năm nay thế nào?",
  vaccineFolded: "lich tiem vac-xin dai cho cho meo nam nay the nao",
  flights: "Giá vé máy bay khứ hồi đi Phú Quốc tháng sau bao nhiêu?",
};

let ws: Workspace;
let service: QaService;
let emu: Emulator;
let main: HoidapBot;
let run: { calls: ApiCall[]; stop: () => Promise<void> };
const log = memoryLogger();
const user = (userId: number) => new TestUser(emu, TOKEN, { userId });

beforeAll(async () => {
  ws = await createWorkspace({ ADMIN_USER_IDS: String(ADMIN), TELEGRAM_BOT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: "1000" });
  service = await openQaService(ws.config, { logger: log.logger, embedder: await loadEmbedder(ws.config.embedding) });
  emu = await startEmulator();
  main = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, progressIntervalMs: 0 });
  run = runTestBot(main.bot);
});

afterAll(async () => {
  await run?.stop();
  await main?.idle();
  await service?.close();
  main?.store.close();
  await emu?.stop();
  await ws?.remove();
});

describe("/gaps and /stats", () => {
  const asked: { user: number; question: string; answered: boolean }[] = [];
  let downVoted: string;

  beforeAll(async () => {
    const ask = async (userId: number, question: string) => {
      const u = user(userId);
      await u.say(question);
      const reply = await u.settle();
      // Answered replies lead with the answer; "not sure" and "not found" ones say so first.
      asked.push({ user: userId, question, answered: visible(reply).startsWith("Theo báo cáo:") });
      return { u, reply };
    };
    await ask(11, SEED_QUESTIONS[0]!.question);
    await ask(12, SEED_QUESTIONS[0]!.question);
    const voted = await ask(13, SEED_QUESTIONS[1]!.question);
    downVoted = SEED_QUESTIONS[1]!.question;
    await voted.u.press(voted.reply.at(-1)!, "👎");
    // Wait for the vote to be answered before going on (expect.poll is for tests, not hooks).
    for (const until = Date.now() + 5000; !run.calls.some((c) => c.method === "answerCallbackQuery") && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    await ask(14, MISSING.vaccine);
    await ask(15, MISSING.vaccineFolded);
    await ask(11, MISSING.vaccine);
    await ask(16, MISSING.flights);
  }, 120_000);

  it("answered the seed questions and not the others (the mix the figures below count)", () => {
    expect(asked.map((a) => a.answered)).toEqual([true, true, true, false, false, false, false]);
  });

  it("/gaps lists the not-found and 👎 questions grouped, diacritics folded, most asked first, with counts", async () => {
    const a = user(ADMIN);
    await a.command("/gaps");
    const text = visible(await a.settle());
    expect(text).toContain("30 ngày qua: 3 nhóm, 5 lượt hỏi");
    const items = [...text.matchAll(/(\d)\. «([^»]+)» — (\d) lượt \(([^)]*)\)/g)].map((m) => [m[2], Number(m[3]), m[4]]);
    expect(items).toEqual([
      [MISSING.vaccine, 3, expect.stringMatching(/^(không tìm thấy|chưa chắc) 3$/)],
      [expect.any(String), 1, expect.any(String)],
      [expect.any(String), 1, expect.any(String)],
    ]);
    expect(text).toContain(`Cách hỏi khác: «${MISSING.vaccineFolded}»`);
    expect(items.slice(1).map((i) => i[0]).sort()).toEqual([downVoted, MISSING.flights].sort());
    expect(items.find((i) => i[0] === downVoted)![2]).toBe("👎 1");
    // The 👎 answer's group names the report it was answered from as the closest one.
    expect(text).toMatch(new RegExp(`${downVoted.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^]*?Gần nhất: [^\\n]*tệp ${SEED_QUESTIONS[1]!.doc}`));
  });

  it("/stats counts what was asked: questions, askers, verdict shares, votes, cited reports", async () => {
    const a = user(ADMIN);
    await a.command("/stats");
    const text = visible(await a.settle());
    expect(text).toContain("Câu hỏi: 7 (từ 6 người)");
    // The four questions the reports miss are "not sure" or "not found", whichever the scores say.
    const shares = /Trả lời được: 3 \(43%\) · chưa chắc: (\d) \(\d+%\) · không tìm thấy: (\d) \(\d+%\)/.exec(text);
    expect(shares).not.toBeNull();
    expect(Number(shares![1]) + Number(shares![2])).toBe(4);
    expect(text).toContain("Đánh giá: 👍 0 · 👎 1");
    expect(text).toMatch(/Thời gian trả lời: trung vị \d+,\d s, p95 \d+,\d s/);
    const today = new Date().toISOString();
    expect(text).toContain(`${today.slice(8, 10)}/${today.slice(5, 7)}: 7`);
    expect(text).toMatch(new RegExp(`1\\. .* \\(tệp ${SEED_QUESTIONS[0]!.doc}\\) — 2 câu trả lời`));
  });

  it("keeps the admin commands from everyone else", async () => {
    const u = user(11);
    for (const command of ["/gaps", "/stats", "/reports"]) {
      await u.command(command);
      expect(visible(await u.replies(1))).toBe("Lệnh này chỉ dành cho quản trị viên.");
    }
  });
});

describe("/reports", () => {
  it("lists the reports, sends the original file back, and removes one into removed/ after confirmation", async () => {
    const target = SEED_QUESTIONS[2]!;
    const a = user(ADMIN);
    await a.command("/reports");
    const list = visible(await a.settle());
    const docs = service.sources();
    expect(list).toContain(`Báo cáo (${docs.length}):`);
    for (const d of docs) expect(list).toContain(`đoạn · tệp ${d.file}`);
    const n = docs.findIndex((d) => d.file === target.doc) + 1;

    await a.command(`/reports ${n}`);
    const [card] = await a.replies(1);
    await a.press(card!, "Gửi tệp gốc");
    await expect.poll(() => emu.documents.length, { timeout: 5000 }).toBe(1);
    const upload = emu.documents[0]!.toString("utf8");
    expect(upload).toContain(`filename=${target.doc}`);
    expect(upload).toContain(readFileSync(path.join(ws.seedsDir, target.doc), "utf8"));

    await a.press(card!, "Gỡ báo cáo");
    const [confirm] = await a.replies(1);
    expect(visibleText(confirm!.text)).toContain(`Tệp ${target.doc} được chuyển sang ${path.join(ws.dir, "removed")}`);
    await a.press(confirm!, "🗑 Gỡ");
    const done = visible(await a.settle());
    expect(done).toContain(`tệp nằm ở ${path.join(ws.dir, "removed", target.doc)}`);
    await main.idle();
    expect(existsSync(path.join(ws.seedsDir, target.doc))).toBe(false);
    expect(existsSync(path.join(ws.dir, "removed", target.doc))).toBe(true);
    expect(service.sources().map((d) => d.file)).not.toContain(target.doc);

    const asker = user(31);
    await asker.say(target.question);
    expect(visible(await asker.settle())).not.toContain(target.doc);
  }, 120_000);
  it.runIf(existsSync("/sys/kernel"))("says why a report could not be removed, in the admin's language, and keeps it", async () => {
    // A folder nobody may create, root included: /sys refuses it (EACCES, or EPERM for root).
    const removedDir = path.join("/sys", `hoidap-removed-${process.pid}`);
    const operations = service.config.operations as { removedDir: string };
    const before = operations.removedDir;
    operations.removedDir = removedDir;
    try {
      const target = service.sources()[0]!;
      for (const [languageCode, expected] of [
        [undefined, `Không gỡ được ${target.file}: hoidap không có quyền ghi vào ${removedDir}; hãy cấp quyền ghi cho tài khoản chạy hoidap rồi thử lại`],
        ["en", `Could not remove ${target.file}: hoidap may not write to ${removedDir}; give the account hoidap runs as write access and try again`],
      ] as const) {
        const a = new TestUser(emu, TOKEN, { userId: ADMIN, languageCode });
        await a.command("/reports 1");
        const [card] = await a.replies(1);
        await a.press(card!, "🗑");
        const [confirm] = await a.replies(1);
        await a.press(confirm!, "🗑");
        expect(visible(await a.settle())).toBe(expected);
      }
      expect(existsSync(path.join(ws.seedsDir, target.file))).toBe(true);
      expect(log.lines.some((l) => l.includes('"report not removed"') && l.includes(`hoidap may not write to ${removedDir}`))).toBe(true);
    } finally {
      operations.removedDir = before;
    }
  }, 120_000);
});

describe("automatic updates", () => {
  it("answers from a report dropped into the seeds folder, without /reindex", async () => {
    const watcher = watchSeeds(service, { debounceMs: DEBOUNCE_MS, log: log.logger });
    try {
      await watcher.idle();
      const dropped = Date.now();
      await writeFile(
        path.join(ws.seedsDir, "trạm_bơm_Lạc_Hồng.txt"),
        "Trạm bơm Lạc Hồng hoàn thành nâng cấp\n\nNgày 12/03/2024, Ban quản lý thủy lợi nghiệm thu trạm bơm Lạc Hồng sau ba tháng thi công.\n\nTrạm bơm Lạc Hồng phục vụ tưới tiêu cho hơn 400 héc-ta lúa của các xã ven sông.\n",
      );
      await expect.poll(() => service.sources().some((d) => d.file === "trạm_bơm_Lạc_Hồng.txt"), { timeout: 60_000, interval: 50 }).toBe(true);
      const ms = Date.now() - dropped;
      log.logger.info({ ms, debounceMs: DEBOUNCE_MS }, "dropped report indexed");
      console.log(`dropped report answerable after ${ms} ms (debounce ${DEBOUNCE_MS} ms + incremental reindex)`);

      const asker = user(41);
      await asker.say("Trạm bơm Lạc Hồng tưới cho bao nhiêu héc-ta lúa?");
      const reply = visible(await asker.settle());
      expect(reply).toContain("Trạm bơm Lạc Hồng hoàn thành nâng cấp");
      expect(reply).toContain("400 héc-ta");
    } finally {
      watcher.close();
      await watcher.idle();
    }
  }, 120_000);

  it("rescans at start a seeds folder that changed while nobody watched", async () => {
    await writeFile(path.join(ws.seedsDir, "hồ_chứa_Bến_Mới.txt"), "Hồ chứa Bến Mới được gia cố\n\nNgày 02/05/2024, tỉnh khởi công gia cố đập hồ chứa Bến Mới, dung tích 12 triệu mét khối.\n");
    expect(service.sources().some((d) => d.file === "hồ_chứa_Bến_Mới.txt")).toBe(false);
    const watcher = watchSeeds(service, { debounceMs: 60_000, log: log.logger });
    try {
      await watcher.idle();
      expect(service.sources().some((d) => d.file === "hồ_chứa_Bến_Mới.txt")).toBe(true);
    } finally {
      watcher.close();
    }
  }, 120_000);
});
