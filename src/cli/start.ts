/**
 * `npm start`: the Telegram bot (long polling) when TELEGRAM_BOT_TOKEN is set, otherwise the
 * terminal chat, which answers exactly as the bot would.
 */
import { loadMessages } from "../render/mod.ts";
import { startBot } from "../bot/mod.ts";
import { loadLlmPrompts } from "../llm/mod.ts";
import { openQaService } from "../service/mod.ts";
import { formatProgress } from "./format-summary.ts";
import path from "node:path";
import { createLogger } from "../log.ts";
import { runCommand } from "./run.ts";
import { runTerminalChat } from "./terminal-chat.ts";

await runCommand(async (config, botLogger) => {
  // Texts and prompts are checked before the model loads, so a typo in them fails in a second.
  loadMessages();
  if (config.llm !== undefined) loadLlmPrompts();
  const chat = config.telegram.token === undefined;
  // In a terminal the screen is the conversation: the chat's log lines go to a file instead.
  const logFile = chat && process.stdout.isTTY ? path.join(path.dirname(config.index.dir), "hoidap.log") : undefined;
  const logger = logFile === undefined ? botLogger : createLogger(config.logLevel, [config.llm?.apiKey], logFile);
  if (logFile !== undefined) process.stderr.write(`log: ${logFile}\n`);
  const service = await openQaService(config, {
    logger,
    onBuildProgress: (p) => process.stderr.isTTY && process.stderr.write(`\rindexing ${formatProgress(p)}   `),
  });
  if (chat) {
    await runTerminalChat(service, { logger });
    await service.close();
    return;
  }
  await startBot(service, { logger });
});
