/**
 * `npm run gaps [-- --days 30] [--csv]`: the questions the reports did not answer (not found,
 * uncertain, or voted 👎) over the last days, grouped as /gaps shows them to admins — as text, or
 * as CSV for a spreadsheet (`npm run gaps -- --csv > gaps.csv`). Reads the question store the bot
 * writes (QUESTIONS_FILE); safe while the bot runs.
 */
import { existsSync } from "node:fs";
import { gapsCsv, gapsText, groupGaps, openQuestionStore } from "../store/mod.ts";
import { parseArgs, runCommand } from "./run.ts";

await runCommand(async (config) => {
  const { flags } = parseArgs(process.argv.slice(2), ["csv"]);
  const days = flags.has("days") ? Number(flags.get("days")) : 30;
  if (!Number.isInteger(days) || days < 1) {
    console.error("--days: expected a whole number ≥ 1");
    return 2;
  }
  if (!existsSync(config.store.file)) {
    console.error(`No questions recorded yet (${config.store.file} does not exist): the bot writes it as staff ask.`);
    return 1;
  }
  const store = openQuestionStore(config.store.file, { retentionDays: config.store.retentionDays });
  try {
    const groups = groupGaps(store.questions(new Date(Date.now() - days * 86_400_000)));
    process.stdout.write(flags.has("csv") ? gapsCsv(groups) : gapsText(groups, days));
  } finally {
    store.close();
  }
});
