import type { Api } from "grammy";
import { clip, htmlMessage } from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { Logger } from "../log.ts";
import type { QaService } from "../service/mod.ts";

/**
 * Tells every admin, once when the bot starts, that it answers with keyword search only because
 * the embedding model could not be loaded, and what to do about it. Nothing is sent when keyword
 * search was chosen (EMBEDDING_MODEL=none) or is only waiting for the background embedding.
 * In Vietnamese: the bot's users' language, and the admin's language is not known before they write.
 */
export async function noticeKeywordOnly(api: Api, service: QaService, messages: Messages, log: Logger): Promise<void> {
  const reason = service.status().keywordOnly;
  if (reason?.kind !== "model-unavailable") return;
  const text = htmlMessage(messages, "vi", "notice.keyword_only", { reason: clip(reason.message, 1500) });
  for (const admin of service.config.telegram.adminUserIds) {
    await api.sendMessage(admin, text, { parse_mode: "HTML" }).catch((error: Error) => log.warn({ admin, reason: error.message }, "could not tell an admin that search is keyword-only"));
  }
}
