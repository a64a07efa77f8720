import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Context } from "grammy";
import { failureReason } from "../failure.ts";
import { reason, sniffFormat } from "../read/mod.ts";
import { englishReason, htmlMessage, reasonText } from "../render/mod.ts";
import { isAdmin } from "./access.ts";
import { DownloadError, downloadFailure, downloadTelegramFile } from "./download.ts";
import { userLang } from "./lang.ts";
import { safeFileName } from "./safe-file-name.ts";
import { sendHtml } from "./send.ts";
import type { BotDeps } from "./types.ts";

/** Writes through a temporary file and a rename, so a reindex never reads half a report. */
async function saveReport(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const partial = path.join(dir, `.${randomBytes(6).toString("hex")}.upload-part`);
  try {
    await writeFile(partial, bytes);
    await rename(partial, path.join(dir, name));
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * A document sent in a private chat. From an admin, a report in a format the corpus reads (.txt,
 * .md, .docx, .doc, .pdf, .html, .htm, .odt) whose content matches its extension, within the size
 * limit, is saved into the reports folder under a safe name (replacing a report of the same name: that is how
 * a report is updated) and indexed incrementally with the usual progress message. Anyone else is
 * told that only admins add reports. Documents in groups are ignored: people share files there.
 */
export async function handleDocument(deps: BotDeps, ctx: Context): Promise<void> {
  const doc = ctx.message?.document;
  if (doc === undefined || ctx.chat?.type !== "private") return;
  const { messages, telegram, log } = deps;
  const lang = userLang(ctx);
  const say = (key: string, vars?: Record<string, string | number>) => sendHtml(ctx, htmlMessage(messages, lang, key, vars));
  if (!isAdmin(telegram, ctx.from?.id)) {
    log.warn({ userId: ctx.from?.id, chatId: ctx.chat.id }, "upload refused: not an admin");
    await say("upload.not_admin");
    return;
  }
  const name = safeFileName(doc.file_name ?? "");
  if (name === undefined) {
    await say("upload.bad_type");
    return;
  }
  const max = telegram.maxUploadBytes;
  if (doc.file_size !== undefined && doc.file_size > max) {
    await say("upload.too_big", { size: `${doc.file_size} B`, max: `${max} B` });
    return;
  }
  let bytes: Buffer;
  try {
    const file = await ctx.getFile();
    if (file.file_path === undefined) throw new DownloadError(reason("failure.download_no_path"));
    bytes = await downloadTelegramFile({ apiRoot: telegram.apiRoot, token: deps.token, filePath: file.file_path, maxBytes: max });
  } catch (error) {
    const why = downloadFailure(error, deps.token);
    log.warn({ file: name, reason: englishReason(why) }, "upload download failed");
    await say("upload.failed", { reason: reasonText(messages, lang, why) });
    return;
  }
  // Content that does not match the extension (a program renamed .pdf) is refused before it is saved.
  const sniffed = sniffFormat(bytes, name);
  if (!sniffed.ok) {
    log.warn({ file: name, reason: englishReason(sniffed.reason) }, "upload refused: content does not match");
    await say("upload.refused", { reason: reasonText(messages, lang, sniffed.reason) });
    return;
  }
  const seedsDir = deps.service.config.corpus.seedsDir;
  const replaced = existsSync(path.join(seedsDir, name));
  try {
    await saveReport(seedsDir, name, bytes);
  } catch (error) {
    const why = failureReason(error);
    log.warn({ file: name, reason: englishReason(why) }, "upload not saved");
    await say("upload.save_failed", { file: name, reason: reasonText(messages, lang, why) });
    return;
  }
  log.info({ file: name, bytes: bytes.length, replaced, userId: ctx.from?.id }, "report uploaded");
  if (deps.reindex.running()) {
    await say("upload.queued", { file: name });
    deps.reindex.queue(ctx.api, ctx.chat.id, lang);
    return;
  }
  await say(replaced ? "upload.replaced" : "upload.saved", { file: name });
  deps.reindex.start(ctx.api, ctx.chat.id, lang);
}
