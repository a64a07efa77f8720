/**
 * What the bot decided about a question. The answer stage may add verdicts; the store keeps any
 * of these strings, and /gaps treats every verdict but `answered` as a gap.
 */
export type Verdict = "answered" | "uncertain" | "not_found";

/** The verdicts /gaps lists: the reports did not (or only doubtfully) answer. */
export const GAP_VERDICTS: readonly Verdict[] = ["not_found", "uncertain"];

/** A 👍 or 👎 on an answer. */
export type Vote = "up" | "down";

/** A report as the store names it: enough to show it in /gaps and /stats without the index. */
export interface ReportRef {
  file: string;
  title: string;
}

/** One question as the bot recorded it, before it is stored. */
export interface QuestionEvent {
  askedAt: Date;
  /** The question as searched (trimmed, maybe truncated). Not kept when retention is 0. */
  text: string;
  lang: string;
  verdict: Verdict;
  /** Telegram user id of the asker: only its salted hash is stored. */
  askerId?: number;
  chatKind: "private" | "group";
  /** From the question's arrival to the answer being sent, in milliseconds. */
  replyMs: number;
  /** The best-ranked report, whether or not it answered: "the report it almost matched". */
  best?: ReportRef;
  /** The reports the answer cited (none when not found). */
  cited: ReportRef[];
}

/** A stored question, as /gaps reads it. `text` is absent once retention erased it. */
export interface StoredQuestion {
  id: number;
  askedAt: Date;
  text?: string;
  verdict: Verdict;
  best?: ReportRef;
  up: number;
  down: number;
}

/** The tally of votes on one answer after a press. */
export interface VoteTally {
  up: number;
  down: number;
  /** The presser's vote as it now stands. */
  mine: Vote;
  /** False when the press repeated the presser's standing vote. */
  changed: boolean;
}

/** Usage figures over a period, for /stats. */
export interface UsageStats {
  from: Date;
  to: Date;
  questions: number;
  /** Distinct askers (counted by salted hash). */
  askers: number;
  byVerdict: Record<Verdict, number>;
  /** Questions per UTC day (`YYYY-MM-DD`), oldest first, days without questions included. */
  perDay: { day: string; questions: number }[];
  /** Questions per ISO week (`YYYY-Www`), oldest first. */
  perWeek: { week: string; questions: number }[];
  votes: { up: number; down: number };
  replyMs: { p50?: number; p95?: number };
  /** Reports by how many answers cited them, most first. */
  topCited: { report: ReportRef; answers: number }[];
}

/** The question log: questions, verdicts and votes, kept on disk. */
export interface QuestionStore {
  /** Where the store lives on disk (`:memory:` for a throwaway one). */
  readonly file: string;
  /** Records a question; returns its id (votes refer to it). */
  record(event: QuestionEvent): number;
  /** Sets `voterId`'s vote on answer `questionId`, replacing an earlier one; `undefined` for an unknown question. */
  vote(questionId: number, voterId: number, vote: Vote, at?: Date): VoteTally | undefined;
  /** Questions asked at or after `since`, oldest first. */
  questions(since: Date, until?: Date): StoredQuestion[];
  /** Usage figures for questions asked in [from, to). */
  stats(from: Date, to: Date, topReports?: number): UsageStats;
  /**
   * Erases question texts and asker hashes older than the retention period (all of them when it
   * is 0); counts, verdicts, votes and citations stay for /stats. Returns how many were erased.
   */
  applyRetention(now?: Date): number;
  close(): void;
}

/** The question log's settings: where it lives and how long question texts are kept. */
export interface StoreConfig {
  file: string;
  /** Days question texts are kept; 0: never written. */
  retentionDays: number;
}

/** Defaults of {@link StoreConfig} (`file` relative to the working directory). */
export const STORE_DEFAULTS = { file: "data/questions.db", retentionDays: 90 } as const satisfies StoreConfig;
