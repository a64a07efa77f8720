/**
 * The question log: every question the bot answered, its verdict, reply time, the reports it
 * cited or almost matched, and 👍/👎 votes — for /gaps (what the reports miss) and /stats (usage).
 * Question texts are kept for a retention period; Telegram ids only as salted hashes.
 *
 * Commonly used: {@link openQuestionStore}, {@link groupGaps}.
 */
export { openQuestionStore, isGap, percentile, isoWeek } from "./sqlite-store.ts";
export type { StoreOptions } from "./sqlite-store.ts";
export { groupGaps, gapTerms, gapsCsv } from "./gaps.ts";
export { gapsText } from "./format-gaps.ts";
export type { GapGroup, GapOptions } from "./gaps.ts";
export { GAP_VERDICTS, STORE_DEFAULTS } from "./types.ts";
export type { QuestionEvent, QuestionStore, StoreConfig, ReportRef, StoredQuestion, UsageStats, Verdict, Vote, VoteTally } from "./types.ts";
