/**
 * Admin commands for running hoidap over the years: /gaps (what staff ask that the reports do not
 * answer), /stats (is it used and trusted) and /reports (list, fetch and remove reports).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Bot, Context } from "grammy";
import { InlineKeyboard, InputFile } from "grammy";
import { failureReason } from "../failure.ts";
import { clip, englishReason, formatDate, htmlMessage, message, reasonText } from "../render/mod.ts";
import type { MessageBlock } from "../render/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { DocumentEntry } from "../index/mod.ts";
import { groupGaps } from "../store/mod.ts";
import type { GapGroup, UsageStats } from "../store/mod.ts";
import { isAdmin } from "./access.ts";
import { userLang } from "./lang.ts";
import { moveToRemoved } from "./remove-report.ts";
import { sendBlocks, sendHtml } from "./send.ts";
import type { BotDeps } from "./types.ts";

const DAY_MS = 86_400_000;
/** Groups /gaps shows in chat; `npm run gaps` lists them all. */
const GAPS_SHOWN = 20;
/** Days /gaps and /stats cover unless told otherwise. */
export const DEFAULT_DAYS = 30;

/** The number of days in a command's argument ("/gaps 7"), the default when absent, undefined when not a number. */
export function parseDays(arg: string | undefined, fallback = DEFAULT_DAYS): number | undefined {
  const text = (arg ?? "").trim();
  if (text === "") return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : undefined;
}

const share = (n: number, of: number, lang: Lang) => {
  const pct = of === 0 ? "0" : ((100 * n) / of).toFixed(0);
  return `${pct}%`.replace(".", lang === "vi" ? "," : ".");
};
const seconds = (ms: number | undefined, lang: Lang) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`.replace(".", lang === "vi" ? "," : "."));

/** /gaps as HTML blocks: most asked groups first, each with its count and the report it almost matched. */
export function gapBlocks(groups: readonly GapGroup[], days: number, deps: Pick<BotDeps, "messages">, lang: Lang): MessageBlock[] {
  const { messages } = deps;
  if (groups.length === 0) return [{ html: htmlMessage(messages, lang, "gaps.none", { days }) }];
  const total = groups.reduce((n, g) => n + g.count, 0);
  const blocks: MessageBlock[] = [{ html: htmlMessage(messages, lang, "gaps.header", { days, groups: groups.length, questions: total }) }];
  for (const [i, g] of groups.slice(0, GAPS_SHOWN).entries()) {
    const why = [
      g.byVerdict.not_found ? message(messages, lang, "gaps.not_found", { n: g.byVerdict.not_found }) : undefined,
      g.byVerdict.uncertain ? message(messages, lang, "gaps.uncertain", { n: g.byVerdict.uncertain }) : undefined,
      g.down > 0 ? `👎 ${g.down}` : undefined,
    ].filter((x) => x !== undefined);
    const lines = [htmlMessage(messages, lang, "gaps.item", { n: i + 1, question: clip(g.question, 200), count: g.count, why: why.join(", ") })];
    if (g.variants.length > 0) lines.push(htmlMessage(messages, lang, "gaps.variants", { variants: g.variants.map((v) => `«${clip(v, 80)}»`).join(", ") }));
    lines.push(g.best === undefined ? htmlMessage(messages, lang, "gaps.no_best") : htmlMessage(messages, lang, "gaps.best", { title: clip(g.best.title, 120), file: g.best.file }));
    blocks.push({ html: lines.join("\n") });
  }
  if (groups.length > GAPS_SHOWN) blocks.push({ html: htmlMessage(messages, lang, "gaps.more", { more: groups.length - GAPS_SHOWN }) });
  return blocks;
}

/** /stats as HTML. */
export function statsHtml(s: UsageStats, days: number, deps: Pick<BotDeps, "messages">, lang: Lang): string {
  const { messages } = deps;
  const q = s.questions;
  const lines = [
    htmlMessage(messages, lang, "stats.text", {
      days,
      questions: q,
      askers: s.askers,
      answered: s.byVerdict.answered,
      answeredShare: share(s.byVerdict.answered, q, lang),
      uncertain: s.byVerdict.uncertain,
      uncertainShare: share(s.byVerdict.uncertain, q, lang),
      notFound: s.byVerdict.not_found,
      notFoundShare: share(s.byVerdict.not_found, q, lang),
      up: s.votes.up,
      down: s.votes.down,
      p50: seconds(s.replyMs.p50, lang),
      p95: seconds(s.replyMs.p95, lang),
    }),
  ];
  const recentDays = s.perDay.slice(-7);
  lines.push(htmlMessage(messages, lang, "stats.per_day", { days: recentDays.map((d) => `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}: ${d.questions}`).join(" · ") }));
  lines.push(htmlMessage(messages, lang, "stats.per_week", { weeks: s.perWeek.slice(-6).map((w) => `${w.week}: ${w.questions}`).join(" · ") }));
  if (s.topCited.length > 0) {
    lines.push(htmlMessage(messages, lang, "stats.top_cited"));
    for (const [i, c] of s.topCited.entries()) lines.push(htmlMessage(messages, lang, "stats.cited_item", { n: i + 1, title: clip(c.report.title, 120), file: c.report.file, answers: c.answers }));
  }
  return lines.join("\n");
}

/** A short token naming a report in button data (file paths can exceed Telegram's 64 bytes). */
export function reportToken(file: string): string {
  return createHash("sha256").update(file).digest("base64url").slice(0, 12);
}

/** The button data of a /reports action on one report. */
type ReportAction = "get" | "ask" | "rm" | "keep";
const reportData = (action: ReportAction, file: string) => `rep:${action}:${reportToken(file)}`;

function reportBlocks(docs: readonly DocumentEntry[], deps: BotDeps, lang: Lang): MessageBlock[] {
  const { messages } = deps;
  if (docs.length === 0) return [{ html: htmlMessage(messages, lang, "sources.empty") }];
  return [
    { html: htmlMessage(messages, lang, "reports.header", { count: docs.length }) },
    ...docs.map((d, i) => ({
      html: htmlMessage(messages, lang, "reports.item", { n: i + 1, title: clip(d.title, 200), date: formatDate(d.date, lang, messages), passages: d.passageCount, file: d.file }),
    })),
  ];
}

/** Only admins: others are told so and the command does nothing. */
async function adminOnly(deps: BotDeps, ctx: Context, command: string): Promise<boolean> {
  if (isAdmin(deps.telegram, ctx.from?.id)) return true;
  deps.log.warn({ userId: ctx.from?.id, chatId: ctx.chat?.id, command }, "admin command refused: not an admin");
  await sendHtml(ctx, htmlMessage(deps.messages, userLang(ctx), "admin.only"));
  return false;
}

/** Registers /gaps, /stats, /reports and the /reports buttons on `bot`. */
export function registerAdminCommands(bot: Bot, deps: BotDeps): void {
  const { messages, service, log } = deps;
  const store = deps.questions?.store;

  const daysOr = async (ctx: Context, arg: string) => {
    const days = parseDays(arg);
    if (days === undefined) await sendHtml(ctx, htmlMessage(messages, userLang(ctx), "admin.bad_days"));
    return days;
  };

  bot.command("gaps", async (ctx) => {
    if (!(await adminOnly(deps, ctx, "gaps")) || store === undefined) return;
    const days = await daysOr(ctx, ctx.match);
    if (days === undefined) return;
    const lang = userLang(ctx);
    const questions = store.questions(new Date(Date.now() - days * DAY_MS));
    const blocks = gapBlocks(groupGaps(questions), days, deps, lang);
    if (service.config.store.retentionDays === 0) blocks.push({ html: htmlMessage(messages, lang, "gaps.not_kept") });
    await sendBlocks(ctx, blocks);
  });

  bot.command("stats", async (ctx) => {
    if (!(await adminOnly(deps, ctx, "stats")) || store === undefined) return;
    const days = await daysOr(ctx, ctx.match);
    if (days === undefined) return;
    const now = Date.now();
    const stats = store.stats(new Date(now - days * DAY_MS), new Date(now + 1));
    await sendHtml(ctx, statsHtml(stats, days, deps, userLang(ctx)));
  });

  bot.command("reports", async (ctx) => {
    if (!(await adminOnly(deps, ctx, "reports"))) return;
    const lang = userLang(ctx);
    const docs = service.sources();
    const arg = ctx.match.trim();
    if (arg === "") {
      const blocks = reportBlocks(docs, deps, lang);
      if (docs.length > 0) blocks.push({ html: htmlMessage(messages, lang, "reports.how") });
      await sendBlocks(ctx, blocks);
      return;
    }
    const n = Number(arg);
    const doc = Number.isInteger(n) ? docs[n - 1] : undefined;
    if (doc === undefined) {
      await sendHtml(ctx, htmlMessage(messages, lang, "reports.no_such", { arg: clip(arg, 40), count: docs.length }));
      return;
    }
    const keyboard = new InlineKeyboard()
      .text(message(messages, lang, "reports.button_get"), reportData("get", doc.file))
      .text(message(messages, lang, "reports.button_remove"), reportData("ask", doc.file));
    await sendBlocks(ctx, reportBlocks([doc], deps, lang).slice(1), { keyboard });
  });

  bot.callbackQuery(/^rep:(get|ask|rm|keep):([\w-]{12})$/, async (ctx) => {
    const lang = userLang(ctx);
    if (!isAdmin(deps.telegram, ctx.from?.id)) {
      await ctx.answerCallbackQuery({ text: message(messages, lang, "admin.only"), show_alert: true });
      return;
    }
    const [, action, token] = ctx.match as RegExpMatchArray as [string, ReportAction, string];
    const doc = service.sources().find((d) => reportToken(d.file) === token);
    if (doc === undefined) {
      await ctx.answerCallbackQuery({ text: message(messages, lang, "reports.gone"), show_alert: true });
      return;
    }
    const seedsDir = service.config.corpus.seedsDir;
    const file = path.resolve(seedsDir, doc.file);
    if (action === "get") {
      await ctx.answerCallbackQuery();
      if (!file.startsWith(seedsDir + path.sep) || !existsSync(file)) {
        await sendHtml(ctx, htmlMessage(messages, lang, "reports.file_missing", { file: doc.file }));
        return;
      }
      await ctx.replyWithDocument(new InputFile(file, path.basename(doc.file)), { caption: clip(doc.title, 200) });
      return;
    }
    if (action === "ask") {
      await ctx.answerCallbackQuery();
      const keyboard = new InlineKeyboard()
        .text(message(messages, lang, "reports.button_confirm"), reportData("rm", doc.file))
        .text(message(messages, lang, "reports.button_keep"), reportData("keep", doc.file));
      await sendHtml(ctx, htmlMessage(messages, lang, "reports.confirm", { title: clip(doc.title, 200), file: doc.file, removed: service.config.operations.removedDir }), { keyboard: keyboard });
      return;
    }
    if (action === "keep") {
      await ctx.answerCallbackQuery({ text: message(messages, lang, "reports.kept") });
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    let moved: string;
    try {
      moved = await moveToRemoved(seedsDir, doc.file, service.config.operations.removedDir);
    } catch (error) {
      const why = failureReason(error);
      log.warn({ file: doc.file, reason: englishReason(why) }, "report not removed");
      await sendHtml(ctx, htmlMessage(messages, lang, "reports.remove_failed", { file: doc.file, reason: reasonText(messages, lang, why) }));
      return;
    }
    log.info({ file: doc.file, movedTo: moved, userId: ctx.from?.id }, "report removed");
    await sendHtml(ctx, htmlMessage(messages, lang, "reports.removed", { title: clip(doc.title, 200), moved }));
    deps.reindex.queue(ctx.api, ctx.chat!.id, lang);
  });
}
