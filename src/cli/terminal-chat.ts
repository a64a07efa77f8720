import { createInterface } from "node:readline";
import type { AnswerData, AnswerVerdict } from "../answer/mod.ts";
import { failureReason } from "../failure.ts";
import { createAnswerWriter } from "../llm/mod.ts";
import type { Logger } from "../log.ts";
import {
  clip,
  englishReason,
  failedText,
  fitReply,
  formatDate,
  htmlMessage,
  htmlToTerminal,
  loadMessages,
  message,
  PLAIN,
  replyText,
  replyWindows,
  summaryText,
  TERMINAL_BOLD,
  statusHtml,
  writtenReplyText,
} from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { SearchResult } from "../search/mod.ts";
import type { QaService } from "../service/mod.ts";
import { detectLanguage } from "../text/mod.ts";
import type { Lang } from "../text/mod.ts";
import { formatProgress } from "./format-summary.ts";

const HELP: Record<Lang, string> = {
  vi: "Gõ câu hỏi rồi nhấn Enter. Lệnh: /more (thêm kết quả), /sources, /status, /reindex, /quit.",
  en: "Type a question and press Enter. Commands: /more (more results), /sources, /status, /reindex, /quit.",
};
const GREETING = "hoidap: terminal chat. No TELEGRAM_BOT_TOKEN is set; put one in .env (see docs/telegram.md) to run the bot.";

/** Where the chat reads and writes, and how it writes emphasis. */
export interface TerminalChatOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Written answers' failures are logged here (never into the conversation). */
  logger?: Logger;
  /** Bold as the terminal shows it (default: when `output` is a terminal). */
  bold?: boolean;
}

/** /sources as the bot words it, in `lang`. */
function sourcesText(service: QaService, lang: Lang, messages: Messages): string {
  const docs = service.sources();
  if (docs.length === 0) return htmlMessage(messages, lang, "sources.empty");
  return [
    htmlMessage(messages, lang, "sources.header", { count: docs.length }),
    ...docs.map((d, i) => htmlMessage(messages, lang, "sources.item", { n: i + 1, title: clip(d.title, 200), date: formatDate(d.date, lang, messages), file: d.file, passages: d.passageCount })),
  ].join("\n");
}


/**
 * The terminal chat `npm start` opens when no Telegram token is configured: the bot's answers, as
 * text — the answer first, then the sources grouped by report — in the asker's language, with
 * bold as terminal bold on a terminal and plain text in a pipe. Every line read is answered in
 * order; the end of input ends the chat (exit status 0). Commands answer in the language of the
 * last question (Vietnamese before any). A failed /reindex is reported as the bot reports it, and
 * the previous index keeps answering. With an LLM configured, answers are written as the bot
 * writes them.
 */
export async function runTerminalChat(service: QaService, options: TerminalChatOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const isTty = Boolean((output as NodeJS.WriteStream).isTTY);
  const style = (options.bold ?? isTty) ? TERMINAL_BOLD : PLAIN;
  const messages = loadMessages();
  const llm = service.config.llm;
  const writer = llm === undefined ? undefined : createAnswerWriter(llm);
  const rl = createInterface({ input, output, terminal: isTty && Boolean((input as NodeJS.ReadStream).isTTY) });
  const say = (text: string) => output.write(`${text}\n`);
  const prompt = () => isTty && output.write("\n? ");
  let lang: Lang = "vi";
  let last: { result: SearchResult; shown: number[]; windows: number; verdict: AnswerVerdict } | undefined;
  say(GREETING);
  say(HELP[lang]);
  prompt();
  try {
    // Reading with the async iterator ends cleanly at the end of input, after every line is handled.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/quit" || line === "/exit") break;
      if (line !== "") await handle(line);
      prompt();
    }
  } finally {
    rl.close();
  }

  async function handle(line: string): Promise<void> {
    if (line === "/help" || line === "/start") say(HELP[lang]);
    else if (line === "/sources") say(htmlToTerminal(sourcesText(service, lang, messages), style));
    else if (line === "/status") say(htmlToTerminal(statusHtml(service.status(), lang, messages), style));
    else if (line === "/reindex") {
      try {
        const summary = await service.reindex((p) => isTty && output.write(`\r${formatProgress(p)}   `));
        if (isTty) output.write("\n");
        say(htmlToTerminal(summaryText(summary, lang, messages), style));
      } catch (error) {
        if (isTty) output.write("\n");
        const why = failureReason(error);
        options.logger?.error({ reason: englishReason(why), error: (error as Error)?.message ?? String(error) }, "reindex failed; the previous index stays in force");
        say(htmlToTerminal(failedText(why, lang, messages), style));
      }
    } else if (line === "/more") {
      if (last === undefined) {
        say(message(messages, lang, "bot.no_more"));
        return;
      }
      const data = await service.more(last.result, last.shown, last.windows + 1, last.verdict, lang);
      const count = replyWindows(data).length;
      say(replyText(data, messages, style, { from: last.windows + 1, to: last.windows + count }));
      last.shown.push(...data.shown);
      last.windows += count;
    } else {
      lang = detectLanguage(line);
      const asked = await service.ask(line, undefined, lang);
      const data: AnswerData = fitReply(asked.data, messages);
      last = { result: asked.result, shown: [...data.shown], windows: replyWindows(data).length, verdict: data.verdict };
      if (writer !== undefined && data.verdict !== "not_found" && asked.answer.items.length > 0) {
        say(message(messages, lang, "llm.drafting"));
        say((await writtenReplyText(writer, asked.answer, data, messages, options.logger, style)).text);
      } else say(replyText(data, messages, style));
    }
  }
}
