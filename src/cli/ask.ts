/**
 * `npm run ask -- "câu hỏi"`: prints the answer exactly as the bot would give it, as text (with an
 * LLM configured, the written answer over its cited passages; `--no-llm` for the extractive
 * answer only). `--json` prints it as JSON (see `answer-json.ts`), with the bot's first reply as
 * `message`. `--json --questions FILE.jsonl` answers every `{"question": …}` line of the file in
 * one process, one JSON answer per line.
 */
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { MAX_QUESTION_CHARS, prepareQuestion } from "../bot/mod.ts";
import { createAnswerWriter } from "../llm/mod.ts";
import { fitReply, loadMessages, PLAIN, questionReplyBlocks, replyText, splitMessage, TERMINAL_BOLD, writtenReplyText } from "../render/mod.ts";
import type { Messages } from "../render/mod.ts";
import type { QaService } from "../service/mod.ts";
import { openQaService } from "../service/mod.ts";
import { detectLanguage } from "../text/mod.ts";
import { answerToJson } from "./answer-json.ts";
import { parseArgs, runCommand } from "./run.ts";

const USAGE = 'Usage: npm run ask -- [--json] [--no-llm] [--k N] "câu hỏi"\n       npm run ask -- --json [--k N] --questions FILE.jsonl   (one {"question": …} per line)';

/** One question as the bot answers it: the same preparation, search, answer and first reply. */
async function answerJson(service: QaService, messages: Messages, raw: string, k: number) {
  const prepared = prepareQuestion(raw);
  if ("problem" in prepared) return { question: raw, error: prepared.problem === "empty" ? "empty question" : "no words in the question" };
  const asked = await service.ask(prepared.text, { offset: 0, count: k }, detectLanguage(prepared.text));
  const { answer, result } = asked;
  const data = fitReply(asked.data, messages);
  const message = splitMessage(questionReplyBlocks(data, messages, prepared.truncated ? MAX_QUESTION_CHARS : undefined))[0] ?? "";
  return answerToJson(answer, result, data, message);
}

/** The question of one line of a questions file, or why the line has none. */
function questionOf(line: string): string | Error {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { question?: unknown }).question === "string") return (parsed as { question: string }).question;
    return new Error('no "question" string');
  } catch {
    return new Error("not JSON");
  }
}

await runCommand(async (config, logger) => {
  const { flags, words } = parseArgs(process.argv.slice(2), ["json", "no-llm"]);
  const question = words.join(" ").trim();
  const file = flags.get("questions");
  if (file === true || (file !== undefined && !flags.has("json")) || (file === undefined) === (question === "")) {
    console.error(USAGE);
    return 2;
  }
  if (file !== undefined && !existsSync(file)) {
    console.error(`--questions: ${file}: no such file`);
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
    if (file !== undefined) {
      // One process for the whole file: the model and index load once. Every line gets one output line.
      let n = 0;
      for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
        n++;
        if (line.trim() === "") continue;
        const q = questionOf(line);
        console.log(JSON.stringify(q instanceof Error ? { line: n, error: q.message } : await answerJson(service, messages, q, k)));
      }
      return 0;
    }
    if (flags.has("json")) {
      console.log(JSON.stringify(await answerJson(service, messages, question, k), null, 2));
      return 0;
    }
    const asked = await service.ask(question, { offset: 0, count: k });
    const { answer } = asked;
    const data = fitReply(asked.data, messages);
    if (writer !== undefined && data.verdict !== "not_found" && answer.items.length > 0) console.log((await writtenReplyText(writer, answer, data, messages, logger, process.stdout.isTTY ? TERMINAL_BOLD : PLAIN)).text);
    else console.log(replyText(data, messages, process.stdout.isTTY ? TERMINAL_BOLD : PLAIN));
  } finally {
    await service.close();
  }
});
