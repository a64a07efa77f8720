/**
 * `npm run ask -- "câu hỏi"`: prints the cited answer, exactly as the bot would give it, as text
 * (with an LLM configured, the written answer over its cited passages; `--no-llm` for passages
 * only); `--json` prints the ranked passages with ids, scores, offsets and citation fields.
 */
import { loadMessages, renderAnswerText } from "../render/mod.ts";
import { createAnswerWriter } from "../llm/mod.ts";
import { writtenReplyText } from "../render/mod.ts";
import { openQaService } from "../service/mod.ts";
import { answerToJson } from "./answer-json.ts";
import { parseArgs, runCommand } from "./run.ts";

await runCommand(async (config, logger) => {
  const { flags, words } = parseArgs(process.argv.slice(2), ["json", "no-llm"]);
  const question = words.join(" ").trim();
  if (question === "") {
    console.error('Usage: npm run ask -- [--json] [--no-llm] [--k N] "câu hỏi"');
    return 2;
  }
  const k = flags.has("k") ? Number(flags.get("k")) : config.search.topK;
  if (!Number.isInteger(k) || k < 1) {
    console.error("--k: expected a whole number ≥ 1");
    return 2;
  }
  const messages = loadMessages();
  // Before the model loads, so a broken prompt template is reported at once.
  const writer = config.llm === undefined || flags.has("json") || flags.has("no-llm") ? undefined : createAnswerWriter(config.llm);
  // One question, then exit: a first index is built complete (with vectors) before answering,
  // rather than served by keywords while an embedding that this command would stop runs behind it.
  const service = await openQaService(config, { logger, progressive: false });
  try {
    const { answer, result } = await service.ask(question, { offset: 0, count: k });
    if (flags.has("json")) console.log(JSON.stringify(answerToJson(answer, result), null, 2));
    else if (writer !== undefined && answer.found && answer.items.length > 0) console.log((await writtenReplyText(writer, answer, messages, logger)).text);
    else console.log(renderAnswerText(answer, messages));
  } finally {
    await service.close();
  }
});
