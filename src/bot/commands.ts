import path from "node:path";
import type { Context } from "grammy";
import { clip, formatDate, htmlMessage, message } from "../render/mod.ts";
import type { Lang } from "../text/mod.ts";
import type { MessageBlock, Messages } from "../render/mod.ts";
import type { QaService } from "../service/mod.ts";
import { REPORT_EXTENSIONS } from "../read/mod.ts";
import { userLang } from "./lang.ts";
import { statusHtml } from "../render/mod.ts";
import { sendBlocks, sendHtml } from "./send.ts";

/** The commands shown in Telegram's menu, in menu order (descriptions in the messages file). */
export const MENU_COMMANDS = ["ask", "sources", "status", "help", "reindex"] as const;
/** The commands only admins may use, added to the menu of an admin's private chat. */
export const ADMIN_MENU_COMMANDS = ["reports", "gaps", "stats"] as const;

/** The command menu for `setMyCommands` in one language; with `admin`, the admin commands too. */
export function menuCommands(lang: Lang, messages: Messages, admin = false): { command: string; description: string }[] {
  const commands = admin ? [...MENU_COMMANDS, ...ADMIN_MENU_COMMANDS] : MENU_COMMANDS;
  return commands.map((command) => ({ command, description: message(messages, lang, `command.${command}`) }));
}

/** /start: what the bot does and an example question. */
export async function startCommand(ctx: Context, messages: Messages): Promise<void> {
  await sendHtml(ctx, htmlMessage(messages, userLang(ctx), "bot.start"));
}

/** /help: how to ask (in private chats and groups) and every command; for an admin, the admin commands and uploads too. */
export async function helpCommand(ctx: Context, messages: Messages, admin = false): Promise<void> {
  const lang = userLang(ctx);
  const help = htmlMessage(messages, lang, "bot.help", { bot: ctx.me.username });
  const formats = Object.keys(REPORT_EXTENSIONS).join(", ");
  await sendHtml(ctx, admin ? `${help}\n\n${htmlMessage(messages, lang, "bot.help_admin", { formats })}` : help);
}

/** /sources: the indexed reports with title, date and passage count, split if the list is long. */
export async function sourcesCommand(ctx: Context, service: QaService, messages: Messages): Promise<void> {
  const lang = userLang(ctx);
  const docs = service.sources();
  if (docs.length === 0) {
    await sendHtml(ctx, htmlMessage(messages, lang, "sources.empty"));
    return;
  }
  const blocks: MessageBlock[] = [
    { html: htmlMessage(messages, lang, "sources.header", { count: docs.length }) },
    ...docs.map((d, i) => ({
      html: htmlMessage(messages, lang, "sources.item", {
        n: i + 1,
        title: clip(d.title, 200),
        date: formatDate(d.date, lang, messages),
        file: d.file,
        passages: d.passageCount,
      }),
    })),
  ];
  await sendBlocks(ctx, blocks);
}

/**
 * /status: model, reports and passages, when the index was built, the last reindex, uptime. Admins
 * also see where things are on the server; everyone else sees the model's name, not its path.
 */
export async function statusCommand(ctx: Context, service: QaService, messages: Messages, admin = false): Promise<void> {
  const lang = userLang(ctx);
  const s = service.status();
  const c = service.config;
  const lines = [statusHtml({ ...s, model: path.isAbsolute(s.model) ? path.basename(s.model) : s.model }, lang, messages)];
  if (admin) {
    const paths = htmlMessage(messages, lang, "status.paths", {
      model: path.isAbsolute(c.embedding.model) ? c.embedding.model : path.join(c.embedding.cacheDir, c.embedding.model),
      seeds: c.corpus.seedsDir,
      index: c.index.dir,
      questions: c.store.file,
      removed: c.operations.removedDir,
      watch: message(messages, lang, c.operations.watchSeeds ? "status.watch_on" : "status.watch_off"),
    });
    lines.push(`\n${paths}`);
  }
  await sendHtml(ctx, lines.join("\n"));
}
