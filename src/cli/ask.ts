/**
 * `npm run ask -- "câu hỏi"`: prints the cited answer, exactly as the bot would give it, as text;
 * `--json` prints the ranked passages with ids, scores, offsets and citation fields.
 */
import { loadMessages, renderAnswerText } from "../answer/mod.ts";
import { openQaService } from "../service/mod.ts";
import { answerToJson } from "./answer-json.ts";
import { parseArgs, runCommand } from "./run.ts";

await runCommand(async (config, logger) => {
  const { flags, words } = parseArgs(process.argv.slice(2), ["json"]);
  const question = words.join(" ").trim();
  if (question === "") {
    console.error('Usage: npm run ask -- [--json] [--k N] "câu hỏi"');
    return 2;
  }
  const k = flags.has("k") ? Number(flags.get("k")) : config.search.topK;
  if (!Number.isInteger(k) || k < 1) {
    console.error("--k: expected a whole number ≥ 1");
    return 2;
  }
  const messages = loadMessages();
  const service = await openQaService(config, { logger });
  try {
    const { answer, result } = await service.ask(question, { offset: 0, count: k });
    console.log(flags.has("json") ? JSON.stringify(answerToJson(answer, result), null, 2) : renderAnswerText(answer, messages));
  } finally {
    await service.close();
  }
});
