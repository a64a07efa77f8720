import { createInterface } from "node:readline/promises";
import { loadMessages, message, renderAnswerText } from "../render/mod.ts";
import { createAnswerWriter } from "../llm/mod.ts";
import { writtenReplyText } from "../render/mod.ts";
import type { Logger } from "../log.ts";
import type { SearchResult } from "../search/mod.ts";
import type { QaService } from "../service/mod.ts";
import { formatProgress, formatSummary } from "./format-summary.ts";

const HELP = `Type a question and press Enter. Commands: /more (next results), /sources, /status, /reindex, /quit.`;

/**
 * The terminal chat `npm start` opens when no Telegram token is configured: the same search and the
 * same citations as the bot, as plain text, so the product can be tried at once. With an LLM
 * configured, answers are written as the bot writes them (failures go to `logger`, when given).
 */
export async function runTerminalChat(service: QaService, input = process.stdin, output = process.stdout, logger?: Logger): Promise<void> {
  const messages = loadMessages();
  const llm = service.config.llm;
  const writer = llm === undefined ? undefined : createAnswerWriter(llm);
  const rl = createInterface({ input, output, terminal: Boolean((output as NodeJS.WriteStream).isTTY) });
  const say = (text: string) => output.write(`${text}\n`);
  say("hoidap: terminal chat. No TELEGRAM_BOT_TOKEN is set; put one in .env (see docs/telegram.md) to run the bot.");
  say(HELP);
  let last: { result: SearchResult; shown: number } | undefined;
  const k = service.config.search.topK;
  // Lines are read through the interface's iterator, which queues what arrives while an answer is
  // being searched: with piped input (`printf '…' | npm start`) every line is answered in turn.
  rl.setPrompt("\n? ");
  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "") {
        rl.prompt();
        continue;
      }
      if (line === "/quit" || line === "/exit") break;
      if (line === "/help" || line === "/start") say(HELP);
      else if (line === "/sources") {
        for (const d of service.sources()) say(`- ${d.title} (${d.date ?? "?"}) — ${d.file}, ${d.passageCount} passages`);
      } else if (line === "/status") {
        const s = service.status();
        say(`model ${s.model} (${s.dimensions} dims); ${s.reports} reports, ${s.passages} passages; index built ${s.builtAt}`);
        if (s.keywordOnly !== undefined) say(message(messages, "en", "status.keyword_only", { why: message(messages, "en", `status.keyword_why.${s.keywordOnly.kind}`) }));
        if (s.embedding !== undefined) say(formatProgress(s.embedding));
      } else if (line === "/reindex") {
        const summary = await service.reindex((p) => output.write(`\r${formatProgress(p)}   `));
        say(`\n${formatSummary(summary)}`);
      } else if (line === "/more") {
        if (last === undefined || last.shown >= last.result.hits.length) say("(no more results)");
        else {
          say(renderAnswerText(service.page(last.result, { offset: last.shown, count: k }), messages));
          last.shown += k;
        }
      } else {
        const { answer, result } = await service.ask(line);
        last = { result, shown: answer.items.length };
        if (writer !== undefined && answer.found && answer.items.length > 0) {
          say(`(${messages[answer.lang]["llm.drafting"] ?? "…"})`);
          say((await writtenReplyText(writer, answer, messages, logger)).text);
        } else say(renderAnswerText(answer, messages));
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
