/**
 * `npm start`: the Telegram bot (long polling) when TELEGRAM_BOT_TOKEN is set, otherwise the
 * terminal chat, which answers exactly as the bot would.
 */
import { loadMessages } from "../render/mod.ts";
import { startBot } from "../bot/mod.ts";
import { loadLlmPrompts } from "../llm/mod.ts";
import { openQaService } from "../service/mod.ts";
import { formatProgress } from "./format-summary.ts";
import { runCommand } from "./run.ts";
import { runTerminalChat } from "./terminal-chat.ts";

await runCommand(async (config, logger) => {
  // Texts and prompts are checked before the model loads, so a typo in them fails in a second.
  loadMessages();
  if (config.llm !== undefined) loadLlmPrompts();
  const service = await openQaService(config, {
    logger,
    onBuildProgress: (p) => process.stderr.isTTY && process.stderr.write(`\rindexing ${formatProgress(p)}   `),
  });
  if (config.telegram.token === undefined) {
    await runTerminalChat(service, process.stdin, process.stdout, logger);
    await service.close();
    return;
  }
  await startBot(service, { logger });
});
