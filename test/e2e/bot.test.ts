/**
 * The real bot (createBot + @grammyjs/runner) against the Bot API emulator on loopback, over the
 * real service: the five seed reports, indexed with the generated test model. One service, one
 * emulator and one main bot serve the whole file; a few extra bots (other tokens) share the
 * service to try other settings (access lists, rate limit, result expiry).
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/mod.ts";
import type { HoidapBot } from "../../src/bot/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { htmlProblems, visibleText } from "../render/html-check.ts";
import { docxOfText, windowsProgram } from "../helpers/documents.ts";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { EMULATED_BOT, TestUser, controllableEmbedder, memoryLogger, runTestBot, startEmulator } from "./harness.ts";
import type { ApiCall, BotMessage, Emulator } from "./harness.ts";

const ADMIN = 1001;
const TOKENS = {
  main: "1001:main-SECRET-token-aaaaaaaa",
  allow: "1002:allow-SECRET-token-bbbbbbbb",
  rate: "1003:rate-SECRET-token-cccccccc",
  ttl: "1004:ttl-SECRET-token-dddddddd",
  broken: "1005:broken-SECRET-token-ffffffff",
  drop: "1006:drop-SECRET-token-99999999",
};
const PAGE = 6;

/** The question most cases ask, about the Hà Tĩnh report. */
const ASKED = SEED_QUESTIONS[0]!;

const flat = (s: string) => s.replace(/\s+/g, " ").trim();
const visible = (messages: BotMessage[]) => flat(messages.map((m) => visibleText(m.text)).join("\n"));

/** Every message is Telegram HTML, well formed, within the limit. */
function expectWellFormed(messages: BotMessage[]) {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.parseMode).toBe("HTML");
    expect(htmlProblems(m.text)).toEqual([]);
    expect(m.text.length).toBeLessThanOrEqual(4096);
  }
}

/** A report no seed mentions, so searching its words can only find it. */
const NEW_REPORT = (marker: string) => `Trạm bơm ${marker} hoàn thành nâng cấp

Ngày 12/03/2024, Ban quản lý thủy lợi tổ chức nghiệm thu trạm bơm ${marker} sau ba tháng thi công.

Trạm bơm ${marker} phục vụ tưới tiêu cho hơn 400 héc-ta lúa của các xã ven sông. Kỹ sư trưởng cho biết công suất tăng gấp đôi so với trước.
`;

let ws: Workspace;
let service: QaService;
let control: ReturnType<typeof controllableEmbedder>;
let emu: Emulator;
let main: HoidapBot;
let mainRun: { calls: ApiCall[]; stop: () => Promise<void> };
const extraRuns: { stop: () => Promise<void> }[] = [];
const log = memoryLogger();

/** A user of the main bot. */
const user = (userId: number, options: Partial<ConstructorParameters<typeof TestUser>[2]> = {}) => new TestUser(emu, TOKENS.main, { userId, ...options });

beforeAll(async () => {
  // Here the reindex process embeds through this process's embedder, which the tests hold mid-build; the
  // bot's reindex process runs a model of its own. Answers are weighed by words alone, so that a held
  // build cannot hold them (the model's part is tested in test/service/answer-meaning.test.ts).
  ws = await createWorkspace({ SEARCH_TOP_K: String(PAGE), ADMIN_USER_IDS: String(ADMIN), TELEGRAM_BOT_TOKEN: TOKENS.main, RATE_LIMIT_PER_MINUTE: "1000", ANSWER_MEANING_WEIGHT: "0" });
  control = controllableEmbedder(await loadEmbedder(ws.config.embedding));
  service = await openQaService(ws.config, { logger: log.logger, embedder: control.embedder });
  emu = await startEmulator();
  main = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, progressIntervalMs: 0 });
  mainRun = runTestBot(main.bot);
});

afterAll(async () => {
  control?.open();
  await mainRun?.stop();
  for (const r of extraRuns) await r.stop();
  await main?.idle();
  await service?.close();
  await emu?.stop();
  await ws?.remove();
});

describe("asking in a private chat", () => {
  let first: BotMessage[];
  const q = () => ASKED;

  it("answers in one message: the bold answer sentence first, then the sources grouped by report, with buttons", async () => {
    const asker = user(42);
    await asker.say(q().question);
    first = await asker.settle();
    expectWellFormed(first);
    expect(first).toHaveLength(1);
    const text = first[0]!.text;
    expect(text.length).toBeLessThanOrEqual(1500);
    const lines = text.split("\n");
    expect(lines[0]).toBe("Theo báo cáo:");
    expect(lines[1]).toMatch(/^<b>[^<]*360 hội nghị[^<]*<\/b> \[1\]$/);
    // sources: each report named once by its title (no file names), each window open with its best sentence bold
    const titles = [...text.matchAll(/📄 <b>([^<]+)<\/b>/g)].map((m) => m[1]);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles[0]).toBe(service.sources().find((d) => d.file === q().doc)!.title);
    expect(text).not.toMatch(/\.txt|tệp|không rõ ngày/);
    expect(text).toMatch(/\[1\] <i>đoạn văn \d+(–\d+)?<\/i>\n<blockquote>[^]*<b>[^<]*360 hội nghị[^<]*<\/b>[^]*<\/blockquote>/);
    expect(text).not.toContain("expandable");
    const buttons = first[0]!.buttons.flat().map((b) => b.text);
    expect(buttons).toEqual(expect.arrayContaining(["Toàn văn [1]", "Thêm kết quả ▸", "👍 Hữu ích", "👎 Chưa đúng"]));
    for (const b of first[0]!.buttons.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    // "typing…" was asked for; the emulator does not support it, and the bot carried on.
    expect(mainRun.calls.some((c) => c.method === "sendChatAction" && c.payload.chat_id === 42 && c.payload.action === "typing")).toBe(true);
  });

  it.each(SEED_QUESTIONS)("answers $id from its report, in one message (typed without diacritics: $noDiacritics)", async (q) => {
    const asker = user(43);
    await asker.say(q.question);
    const reply = await asker.settle();
    expectWellFormed(reply);
    expect(reply).toHaveLength(1);
    expect(visible(reply)).toContain(service.sources().find((d) => d.file === q.doc)!.title);
    // the reply shows the text that answers (at least half of it, in order), bold where it is the answer
    const words = (t: string) => t.normalize("NFC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    const shown = ` ${words(visible(reply)).join(" ")} `;
    const gold = words(q.gold);
    const half = Math.ceil(gold.length / 2);
    const held = gold.some((_, i) => i + half <= gold.length && shown.includes(` ${gold.slice(i, i + half).join(" ")} `));
    expect(held, `half of the gold text of ${q.id} in the reply`).toBe(true);
  });

  it("shows the next passages under 'more results', numbered on from the first reply", async () => {
    const asker = user(42);
    const windows = first[0]!.buttons.flat().filter((b) => b.text.startsWith("Toàn văn")).length;
    await asker.press(first[0]!, "Thêm kết quả");
    const more = await asker.settle();
    expectWellFormed(more);
    expect(visibleText(more[0]!.text).split("\n")[0]).toMatch(new RegExp(`^Thêm kết quả cho: «.+» \\(${windows + 1}–\\d+\\)$`));
    expect(more.map((m) => m.text).join("\n")).toContain(`[${windows + 1}] <i>đoạn văn`);
    expect(more.at(-1)!.buttons.flat().map((b) => b.text)).toContain(`Toàn văn [${windows + 1}]`);
  });

  it("shows the whole passage with the passages around it under 'full passage', the answer still bold", async () => {
    const asker = user(42);
    await asker.press(first[0]!, "Toàn văn [1]");
    const [full] = await asker.replies(1);
    expectWellFormed([full!]);
    const bold = /\[1\] <i>[^<]*<\/i>\n<blockquote>[^]*?<b>([^<]+)<\/b>/.exec(first[0]!.text)![1]!;
    const whole = /Đoạn trích được dẫn:<\/i>\n<blockquote>([^]*?)<\/blockquote>/.exec(full!.text)![1]!;
    expect(whole).toContain(`<b>${bold}</b>`);
    expect(full!.text).toMatch(/Đoạn trích (trước|sau):/);
    expect(full!.text).toMatch(/<b>\[1\] /);
  });

  it("keeps one 👍/👎 per person per answer: pressing again changes it, and the button shows the choice", async () => {
    const asker = user(42);
    const answerMessage = first.at(-1)!;
    const labels = () => asker.current(answerMessage.messageId).buttons.flat().map((b) => b.text);
    const thanks = () => mainRun.calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.text === "Cảm ơn góp ý của bạn!");
    await asker.press(answerMessage, "👍");
    await expect.poll(labels, { timeout: 5000 }).toEqual(expect.arrayContaining(["✓ 👍 Hữu ích", "👎 Chưa đúng"]));
    await asker.press(asker.current(answerMessage.messageId), "👍");
    await expect
      .poll(() => mainRun.calls.some((c) => c.method === "answerCallbackQuery" && c.payload.text === "Bạn đã chọn như vậy rồi."), { timeout: 5000 })
      .toBe(true);
    await asker.press(asker.current(answerMessage.messageId), "👎");
    await expect.poll(labels, { timeout: 5000 }).toEqual(expect.arrayContaining(["👍 Hữu ích", "✓ 👎 Chưa đúng"]));
    expect(thanks()).toHaveLength(2);
    // One person, one vote: the store holds the last choice only.
    const recorded = main.store.questions(new Date(0)).filter((r) => r.text === q().question && r.up + r.down > 0);
    expect(recorded.map((r) => [r.up, r.down])).toEqual([[0, 1]]);
  });

  it("answers a button whose result is unknown or expired with 'ask again', and sends nothing", async () => {
    const asker = user(42);
    await asker.pressData(first[0]!.messageId, "AAAAAAAAAAA:m:6");
    await expect
      .poll(() => mainRun.calls.some((c) => c.method === "answerCallbackQuery" && c.payload.text === "Kết quả này đã hết hạn. Hãy hỏi lại."), { timeout: 5000 })
      .toBe(true);
    expect(await asker.silence(300)).toEqual([]);

    // And a result that really expired, on a bot that keeps results for 300 ms.
    const ttlBot = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, token: TOKENS.ttl, telegram: { ...ws.config.telegram, resultTtlMs: 300 } });
    const ttlRun = runTestBot(ttlBot.bot);
    extraRuns.push(ttlRun);
    const late = new TestUser(emu, TOKENS.ttl, { userId: 44, languageCode: "en" });
    await late.say(q().question);
    const answer = await late.settle();
    await new Promise((r) => setTimeout(r, 400));
    await late.press(answer.at(-1)!, "Toàn văn [1]");
    await expect.poll(() => ttlRun.calls.some((c) => c.method === "answerCallbackQuery" && c.payload.text === "This result has expired. Please ask again."), { timeout: 5000 }).toBe(true);
    expect(await late.silence(300)).toEqual([]);
  });

  it("says plainly when the reports do not answer, and suggests /sources", async () => {
    const asker = user(45);
    await asker.say("Cho hỏi về xyzzy plugh quux?");
    const reply = await asker.settle();
    expectWellFormed(reply);
    expect(reply).toHaveLength(1);
    expect(visible(reply)).toBe("Các báo cáo đã lập chỉ mục không có thông tin trả lời câu hỏi này. Gõ /sources để xem danh sách báo cáo.");
    expect(reply[0]!.buttons).toEqual([]);
  });

  it("answers an English question in English", async () => {
    const asker = user(46);
    await asker.say("Who chaired the conference between the mass mobilization commission and the provincial police?");
    const reply = await asker.settle();
    expectWellFormed(reply);
    expect(visible(reply)).toMatch(/^(From the reports|I am not sure the reports answer this|The indexed reports do not answer this question\.)/);
    expect(reply[0]!.text).not.toMatch(/<i>đoạn văn|tệp /);
  });

  it("escapes hostile text: the reply is well formed and shows the text as typed", async () => {
    const asker = user(47);
    const hostile = "<b>Công an</b> & </blockquote> <i>hội nghị sơ kết";
    await asker.say(hostile);
    const reply = await asker.settle();
    expectWellFormed(reply);
    expect(reply[0]!.text).not.toContain("<b>Công an</b>");
    expect(reply[0]!.text).not.toContain("</blockquote> <i>");
  });
});

describe("odd input", () => {
  it("gets a sensible reply for each, never a crash or broken HTML", async () => {
    const u = user(50);
    await u.send({ sticker: { file_id: "s1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } });
    expect(visible(await u.replies(1))).toBe("Tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi.");

    await u.command("/ask");
    expect(visible(await u.replies(1))).toContain("Hãy viết câu hỏi sau lệnh");

    await u.say("😀🎉👍 ?!");
    expect(visible(await u.replies(1))).toContain("Tôi không thấy chữ nào trong câu hỏi");

    await u.command("/frobnicate");
    expect(visible(await u.replies(1))).toContain("Gõ /help");

    const long = `Hội nghị sơ kết chương trình phối hợp do ai chủ trì? ${"Xin cho biết thêm chi tiết. ".repeat(200)}`.slice(0, 5000);
    expect(long.length).toBe(5000);
    await u.say(long);
    const reply = await u.settle();
    expectWellFormed(reply);
    expect(visibleText(reply[0]!.text)).toMatch(/^Câu hỏi dài quá nên tôi chỉ tìm theo 500 ký tự đầu\./);
    expect(visible(reply)).toContain("[1] ");
    // The bot is still fine afterwards.
    await u.command("/status");
    expectWellFormed(await u.replies(1));
    expect(log.lines.filter((l) => l.includes('"handler failed"'))).toEqual([]);
  });
});

describe("errors", () => {
  it("apologises and logs when answering fails, and keeps serving", async () => {
    let failures = 1;
    const flaky: QaService = {
      ...service,
      ask: async (...args) => {
        if (failures-- > 0) throw new Error(`search index exploded at ${TOKENS.broken}`);
        return service.ask(...args);
      },
    };
    const bot = createBot(flaky, { logger: log.logger, apiRoot: emu.apiRoot, token: TOKENS.broken });
    const run = runTestBot(bot.bot);
    extraRuns.push(run);
    const u = new TestUser(emu, TOKENS.broken, { userId: 51 });
    await u.say(ASKED.question);
    expect(visible(await u.settle())).toBe("Xin lỗi, đã có lỗi khi xử lý yêu cầu này. Vui lòng thử lại sau.");
    expect(log.lines.some((l) => l.includes('"handler failed"') && l.includes("search index exploded at [redacted]"))).toBe(true);
    await u.say(ASKED.question);
    expect(visible(await u.settle())).toContain("[1] ");
  });
});

describe("commands", () => {
  it("/start and /help explain the bot, in the user's language", async () => {
    const vi = user(60);
    await vi.command("/start");
    const [start] = await vi.replies(1);
    expectWellFormed([start!]);
    expect(visibleText(start!.text)).toContain("Xin chào! Tôi là hoidap");
    const en = user(61, { languageCode: "en-GB" });
    await en.command("/help");
    const [help] = await en.replies(1);
    expectWellFormed([help!]);
    for (const command of ["/ask", "/sources", "/status", "/reindex", "/help"]) expect(visibleText(help!.text)).toContain(command);
    expect(visibleText(help!.text)).toContain(`@${EMULATED_BOT.username}`);
    expect(visibleText(help!.text)).toContain("How to ask");
    for (const command of ["/reports", "/gaps", "/stats"]) expect(visibleText(help!.text)).not.toContain(command);
  });

  it("/help tells an admin the admin commands and every report format an upload takes", async () => {
    const a = user(ADMIN);
    await a.command("/help");
    const [help] = await a.replies(1);
    expectWellFormed([help!]);
    const text = visibleText(help!.text);
    for (const command of ["/reports", "/gaps", "/stats", "/reindex"]) expect(text).toContain(command);
    for (const format of [".docx", ".pdf", ".doc", ".odt", ".txt"]) expect(text).toContain(format);
  });

  it("/sources lists every indexed report with title, date and passage count", async () => {
    const u = user(62);
    await u.command("/sources");
    const reply = await u.settle();
    expectWellFormed(reply);
    const text = visible(reply);
    const docs = service.sources();
    expect(text).toContain(`Các báo cáo đã lập chỉ mục (${docs.length}):`);
    for (const d of docs) expect(text).toContain(`tệp ${d.file} · ${d.passageCount} đoạn`);
    for (const d of docs) expect(text).toContain(flat(d.title).slice(0, 40));
  });

  it("/status shows the model, reports, passages, last reindex and uptime", async () => {
    const u = user(63, { languageCode: "en" });
    await u.command("/status");
    const [reply] = await u.replies(1);
    expectWellFormed([reply!]);
    const s = service.status();
    const text = visibleText(reply!.text);
    // Not an admin: the model's name, never where it sits on the server.
    expect(text).toContain(`Model: ${path.basename(s.model)} (${s.dimensions} dimensions)`);
    expect(text).not.toContain(ws.dir);
    expect(text).toContain(`Reports: ${s.reports}, passages: ${s.passages}`);
    expect(text).toMatch(/Index built: \d{4}-\d\d-\d\d \d\d:\d\d/);
    // The service built the index when it opened (a fresh workspace): that is the last update.
    expect(text).toMatch(/Last update: took [\d.]+ s; 5 added, 0 changed, 0 removed/);
    expect(text).toMatch(/Uptime: [\d.]+ s|Uptime: \d+ min/);
  });

  it("/status shows an admin where the model, reports, index and question store are on the server", async () => {
    const a = user(ADMIN, { languageCode: "en" });
    await a.command("/status");
    const text = visibleText((await a.replies(1))[0]!.text);
    expect(text).toContain(`Model: ${ws.config.embedding.model}`);
    expect(text).toContain(`Reports: ${ws.seedsDir}`);
    expect(text).toContain(`Index: ${ws.config.index.dir}`);
    expect(text).toContain(`Questions: ${ws.config.store.file}`);
    expect(text).toContain(`Removed reports: ${path.join(ws.dir, "removed")}`);
  });
});

describe("groups", () => {
  const GROUP = -5000;
  const member = () => user(70, { chatId: GROUP, type: "group" });
  const q = () => ASKED.question;

  it("ignores chatter, and answers /ask, a mention of the bot, and a reply to the bot", async () => {
    const m = member();
    await m.say(q());
    expect(await m.silence(500)).toEqual([]);

    await m.command(`/ask@${EMULATED_BOT.username} ${q()}`);
    const viaCommand = await m.settle();
    expectWellFormed(viaCommand);
    expect(visible(viaCommand)).toContain("[1] ");

    const mention = `@${EMULATED_BOT.username}`;
    await m.say(`${mention} ${q()}`, { entities: [{ type: "mention", offset: 0, length: mention.length }] });
    const viaMention = await m.settle();
    expect(visible(viaMention)).toBe(visible(viaCommand)); // the mention is not part of the question

    await m.say(q(), { reply_to_message: { message_id: viaMention[0]!.messageId, date: 0, chat: { id: GROUP, type: "group", title: "g" }, from: { id: EMULATED_BOT.id, is_bot: true, first_name: "Bot" }, text: "…" } });
    const viaReply = await m.settle();
    expect(visible(viaReply)).toContain("[1] ");
    expect(viaReply[0]!.replyTo).toBeDefined();

    await m.command(`/help@${EMULATED_BOT.username}`);
    expect(visible(await m.replies(1))).toContain("Cách hỏi");
  });
});

describe("access and limits", () => {
  it("refuses a chat outside the allowed lists once, and does not search for it", async () => {
    const bot = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, token: TOKENS.allow, telegram: { ...ws.config.telegram, allowedChatIds: [-7000], allowedUserIds: [55] } });
    const run = runTestBot(bot.bot);
    extraRuns.push(run);
    const stranger = new TestUser(emu, TOKENS.allow, { userId: 66 });
    await stranger.say(ASKED.question);
    const refusal = await stranger.settle();
    expect(refusal).toHaveLength(1);
    expect(visible(refusal)).toContain("chỉ phục vụ những người và nhóm được cho phép");
    await stranger.say("còn câu này thì sao?");
    await stranger.command("/sources");
    expect(await stranger.silence(500)).toEqual([]);
    expect(bot.results.size).toBe(0);

    const allowedUser = new TestUser(emu, TOKENS.allow, { userId: 55 });
    await allowedUser.say(ASKED.question);
    expect(visible(await allowedUser.settle())).toContain("[1] ");
    const allowedGroup = new TestUser(emu, TOKENS.allow, { userId: 67, chatId: -7000, type: "supergroup" });
    await allowedGroup.command(`/ask ${ASKED.question}`);
    expect(visible(await allowedGroup.settle())).toContain("[1] ");
    expect(log.lines.some((l) => l.includes("refused: chat and user are not in the allowed lists") && l.includes('"chatId":66'))).toBe(true);
  });

  it("waits as long as Telegram asks when it answers 429 Too Many Requests, then sends", async () => {
    const u = user(82);
    const sends = emu.count("sendMessage");
    emu.failNext("sendMessage", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const started = Date.now();
    await u.command("/start");
    const [reply] = await u.replies(1);
    expect(visibleText(reply!.text)).toContain("Xin chào");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emu.count("sendMessage") - sends).toBe(2); // refused once, sent once
  });

  it("a burst beyond the rate limit: one notice, the extra questions answered in turn, any beyond the queue refused by reply, none dropped", async () => {
    const bot = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, token: TOKENS.rate, telegram: { ...ws.config.telegram, rateLimitPerMinute: 20 } });
    const run = runTestBot(bot.bot);
    extraRuns.push(run);
    const eager = new TestUser(emu, TOKENS.rate, { userId: 80 });
    // 27 questions within a few seconds: 20 at once, 5 queued (one every 3 s), the rest refused.
    const count = 27;
    for (let i = 1; i <= count; i++) await eager.say(`hội nghị sơ kết lần ${i}`);
    const replies = (await eager.settle(4_000, 60_000, 20)).map((m) => visibleText(m.text));
    expect(replies.filter((t) => t.includes("Bạn gửi nhanh quá"))).toHaveLength(1);
    // an answer is one message (the reply does not repeat the question): every other message is one
    const refused = replies.filter((t) => t.includes("chưa được trả lời vì bạn đã gửi quá nhiều")).length;
    const answered = replies.filter((t) => !t.includes("Bạn gửi nhanh quá") && !t.includes("chưa được trả lời vì bạn đã gửi quá nhiều")).length;
    expect(answered).toBeGreaterThanOrEqual(25);
    expect(answered + refused).toBe(count);
    // Another user is not affected.
    const other = new TestUser(emu, TOKENS.rate, { userId: 81 });
    await other.say("hội nghị sơ kết");
    expect(visible(await other.settle())).not.toContain("nhanh quá");
  }, 90_000);
});

describe("network", () => {
  it("delivers an answer whose first sendMessage connection was dropped (socket hang up)", async () => {
    const bot = createBot(service, { logger: log.logger, apiRoot: emu.apiRoot, token: TOKENS.drop });
    const run = runTestBot(bot.bot);
    extraRuns.push(run);
    const asker = new TestUser(emu, TOKENS.drop, { userId: 90 });
    const before = emu.count("sendMessage");
    emu.dropNext("sendMessage");
    await asker.say(ASKED.question);
    const replies = await asker.settle();
    expect(visible(replies)).toContain("[1] ");
    expect(visible(replies)).not.toContain("đã có lỗi");
    expect(emu.count("sendMessage") - before).toBeGreaterThan(replies.length); // the dropped one, then the retry
    expect(log.lines.some((l) => l.includes("failed on the network; retrying"))).toBe(true);
  });
});

describe("admins", () => {
  const admin = () => user(ADMIN);

  it("refuses /reindex from anyone else, politely, and logs it", async () => {
    const u = user(90);
    await u.command("/reindex");
    const [reply] = await u.replies(1);
    expect(visibleText(reply!.text)).toBe("Xin lỗi, chỉ quản trị viên mới cập nhật được chỉ mục.");
    expect(log.lines.some((l) => l.includes("reindex refused: not an admin") && l.includes('"userId":90'))).toBe(true);
    expect(service.reindexing()).toBeUndefined();
  });

  it("reindexes in the background, editing one progress message, while questions are still answered", async () => {
    const file = path.join(ws.seedsDir, "005_tram_bom.txt");
    await writeFile(file, NEW_REPORT("Kênh Xanh"));
    const reached = control.hold();
    const a = admin();
    let progress: BotMessage;
    try {
      await a.command("/reindex");
      [progress] = (await a.replies(1)) as [BotMessage];
      const sent = mainRun.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN).at(-1)!;
      expect(sent.payload.text).toBe("Đang bắt đầu cập nhật chỉ mục…"); // since edited
      await reached; // the build is now embedding the new report, and held there

      // Someone asks meanwhile: answered from the index in force.
      const asker = user(91);
      await asker.say(ASKED.question);
      const during = await asker.settle();
      expect(visible(during)).toContain(flat(ASKED.gold));
      expect(service.reindexing()).toBeDefined();

      // A second /reindex answers with the progress so far.
      await a.command("/reindex");
      const [again] = await a.replies(1);
      expect(visibleText(again!.text)).toMatch(/^Một lần cập nhật đang chạy\.\nĐang cập nhật chỉ mục — .+\nBáo cáo: \d+\/6, đoạn trích: \d+\/\d+/);
    } finally {
      control.open();
    }
    await main.idle();
    const edits = mainRun.calls.filter((c) => c.method === "editMessageText" && c.payload.message_id === progress.messageId);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.some((e) => String(e.payload.text).includes("Báo cáo: "))).toBe(true);
    const done = a.current(progress.messageId);
    expect(htmlProblems(done.text)).toEqual([]);
    expect(visibleText(done.text)).toMatch(/^Đã cập nhật chỉ mục trong [\d,]+ giây\.\nBáo cáo: 6 \(thêm 1, sửa 0, xoá 0, giữ nguyên 5\)\nĐoạn trích: \d+ \(\d+ đoạn trích được tính lại\)$/);
    expect(await a.silence(200)).toEqual([]); // one message, edited: no new ones

    // The new report now answers.
    const asker = user(91);
    await asker.say("trạm bơm Kênh Xanh tưới cho bao nhiêu héc-ta lúa?");
    expect(visible(await asker.settle())).toContain("Trạm bơm Kênh Xanh hoàn thành nâng cấp");
    await a.command("/status");
    expect(visible(await a.replies(1))).toMatch(/Lần cập nhật gần nhất: mất [\d,]+ giây; thêm 1, sửa 0, xoá 0 báo cáo/);
  });

  it("tells the admin why a reindex failed, in their language, and keeps answering from the old index", async () => {
    const file = path.join(ws.seedsDir, "005_tram_bom.txt");
    const before = await readFile(file, "utf8");
    await writeFile(file, NEW_REPORT("Kênh Đỏ"));
    // Thrown here, in the embedder the reindex process asks for vectors: its reason crosses to the
    // process and back as data.
    control.failWith(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" }));
    const a = admin();
    await a.command("/reindex");
    const [progress] = await a.replies(1);
    await main.idle();
    const final = a.current(progress!.messageId);
    expect(htmlProblems(final.text)).toEqual([]);
    expect(visibleText(final.text)).toBe("Cập nhật chỉ mục thất bại: ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại\nChỉ mục cũ vẫn đang được dùng để trả lời.");
    // The log says it in English.
    expect(log.lines.some((l) => l.includes('"reindex failed; the previous index stays in force"') && l.includes("the disk is full; free some space and try again"))).toBe(true);

    // An admin whose Telegram is in English reads it in English; an error without a text of its
    // own is shown as it is, escaped.
    control.failWith(new Error("the model crashed <oom> & died"));
    const english = user(ADMIN, { languageCode: "en" });
    await english.command("/reindex");
    const [progressEn] = await english.replies(1);
    await main.idle();
    control.failWith(undefined);
    const finalEn = english.current(progressEn!.messageId);
    expect(htmlProblems(finalEn.text)).toEqual([]);
    expect(visibleText(finalEn.text)).toBe("The index update failed: an unexpected error (the model crashed <oom> & died)\nThe previous index is still answering questions.");

    const asker = user(92);
    await asker.say("trạm bơm Kênh Xanh");
    expect(visible(await asker.settle())).toContain("Trạm bơm Kênh Xanh hoàn thành nâng cấp"); // the old index: still Kênh Xanh
    expect(service.status().reports).toBe(6);
    await writeFile(file, before);
  });

  it("saves an uploaded .txt under a safe name and indexes it, so it becomes searchable", async () => {
    const bytes = Buffer.from(NEW_REPORT("Đồng Vàng"));
    emu.files.set("doc-1", bytes);
    const a = admin();
    await a.send({ document: { file_id: "doc-1", file_unique_id: "doc-1", file_name: "../../Báo cáo <trạm bơm>.txt", file_size: bytes.length, mime_type: "text/plain" } });
    const [saved, progress] = await a.replies(2);
    expect(visibleText(saved!.text)).toBe("Đã lưu báo cáo Báo_cáo_trạm_bơm.txt. Đang lập chỉ mục…");
    await main.idle();
    expect(visibleText(a.current(progress!.messageId).text)).toContain("thêm 1, sửa 0, xoá 0");
    expect(await readFile(path.join(ws.seedsDir, "Báo_cáo_trạm_bơm.txt"))).toEqual(bytes);
    expect(existsSync(path.join(ws.dir, "Báo cáo <trạm bơm>.txt"))).toBe(false);

    const asker = user(93);
    await asker.say("trạm bơm Đồng Vàng nghiệm thu khi nào?");
    expect(visible(await asker.settle())).toContain("Trạm bơm Đồng Vàng hoàn thành nâng cấp");

    // Sending it again replaces it (that is how a report is updated).
    await a.send({ document: { file_id: "doc-1", file_unique_id: "doc-1", file_name: "Báo cáo <trạm bơm>.txt", file_size: bytes.length } });
    expect(visibleText((await a.replies(2))[0]!.text)).toContain("Đã thay báo cáo Báo_cáo_trạm_bơm.txt");
    await main.idle();
    await rm(path.join(ws.seedsDir, "Báo_cáo_trạm_bơm.txt"));
  });

  it("takes a Word report by upload and answers from it; refuses a program renamed .pdf", async () => {
    const a = admin();
    const program = Buffer.from(windowsProgram());
    emu.files.set("doc-exe", program);
    await a.send({ document: { file_id: "doc-exe", file_unique_id: "doc-exe", file_name: "báo cáo.pdf", file_size: program.length } });
    expect(visible(await a.replies(1))).toBe("Tôi không nhận tệp này: nội dung là chương trình Windows (.exe), không khớp với đuôi tệp .pdf");
    // The log says it in English, whoever sent the file.
    expect(log.lines.some((l) => l.includes("upload refused: content does not match") && l.includes("the content is a Windows program (.exe), not what its extension .pdf says"))).toBe(true);
    expect(existsSync(path.join(ws.seedsDir, "báo_cáo.pdf"))).toBe(false);

    const docx = Buffer.from(await docxOfText(NEW_REPORT("Gò Sỏi")));
    emu.files.set("doc-docx", docx);
    await a.send({ document: { file_id: "doc-docx", file_unique_id: "doc-docx", file_name: "Trạm bơm Gò Sỏi.docx", file_size: docx.length } });
    const [saved] = await a.replies(2);
    expect(visibleText(saved!.text)).toBe("Đã lưu báo cáo Trạm_bơm_Gò_Sỏi.docx. Đang lập chỉ mục…");
    await main.idle();
    const asker = user(95);
    await asker.say("trạm bơm Gò Sỏi nghiệm thu khi nào?");
    // Cited by the title the Word file gives it (its first line), and answered from its text.
    const reply = visible(await asker.settle());
    expect(reply).toContain(NEW_REPORT("Gò Sỏi").split("\n")[0]!);
    expect(reply).toContain("nghiệm thu trạm bơm Gò Sỏi");
    await rm(path.join(ws.seedsDir, "Trạm_bơm_Gò_Sỏi.docx"));
  });

  it("tells the admin why an upload could not be fetched, in their language", async () => {
    const bytes = Buffer.from(NEW_REPORT("Bến Lội"));
    emu.files.set("doc-big", bytes);
    // What Telegram answers getFile for a document over 20 MB.
    emu.failNext("getFile", 400, { ok: false, error_code: 400, description: "Bad Request: file is too big" });
    const a = admin();
    await a.send({ document: { file_id: "doc-big", file_unique_id: "doc-big", file_name: "Bến Lội.txt", file_size: bytes.length } });
    expect(visible(await a.replies(1))).toBe(
      "Không tải được tệp: Telegram không cho bot tải tệp lớn hơn 20 MB; hãy nén hoặc chia nhỏ tệp rồi gửi lại (hoặc dùng máy chủ Bot API riêng, thiết lập TELEGRAM_API_ROOT)",
    );
    emu.failNext("getFile", 400, { ok: false, error_code: 400, description: "Bad Request: file is too big" });
    const english = user(ADMIN, { languageCode: "en" });
    await english.send({ document: { file_id: "doc-big", file_unique_id: "doc-big", file_name: "Bến Lội.txt", file_size: bytes.length } });
    expect(visible(await english.replies(1))).toMatch(/^Could not fetch the file: Telegram does not let bots download files over 20 MB;/);
    expect(log.lines.some((l) => l.includes('"upload download failed"') && l.includes("Telegram does not let bots download files over 20 MB"))).toBe(true);
    expect(existsSync(path.join(ws.seedsDir, "Bến_Lội.txt"))).toBe(false);
  });

  it("refuses uploads from non-admins, of other types, and over the size limit, before downloading", async () => {
    const calls = emu.getFileCalls();
    const stranger = user(94);
    await stranger.send({ document: { file_id: "doc-1", file_unique_id: "doc-1", file_name: "x.txt", file_size: 10 } });
    expect(visible(await stranger.replies(1))).toBe("Xin lỗi, chỉ quản trị viên mới thêm được báo cáo.");
    const a = admin();
    await a.send({ document: { file_id: "doc-1", file_unique_id: "doc-1", file_name: "report.xlsx", file_size: 10 } });
    expect(visible(await a.replies(1))).toBe("Tôi chỉ nhận báo cáo dạng .txt, .md, .docx, .doc, .pdf, .html, .htm hoặc .odt.");
    const max = ws.config.telegram.maxUploadBytes;
    await a.send({ document: { file_id: "doc-1", file_unique_id: "doc-1", file_name: "big.md", file_size: max + 1 } });
    expect(visible(await a.replies(1))).toBe(`Tệp quá lớn (${max + 1} B); giới hạn là ${max} B.`);
    expect(emu.getFileCalls()).toBe(calls);
    expect(existsSync(path.join(ws.seedsDir, "big.md"))).toBe(false);
  });

  it("never writes a bot token to the log", () => {
    expect(log.lines.length).toBeGreaterThan(10);
    for (const token of Object.values(TOKENS)) {
      expect(log.lines.filter((l) => l.includes(token))).toEqual([]);
      expect(log.lines.filter((l) => l.includes(token.split(":")[1]!))).toEqual([]);
    }
  });
});
