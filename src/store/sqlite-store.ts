/**
 * The question log in SQLite (better-sqlite3). Chosen over an append-only JSON-lines log by
 * measurement (docs/measurements/2026-12-02-question-store.md): each question is one small
 * transaction in write-ahead-log mode, which survives kill -9 with every committed record, and
 * /gaps and /stats read an indexed time range instead of parsing the whole history; retention is
 * an UPDATE, where a log would have to be rewritten.
 */
import { randomBytes, createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { FixableError } from "../errors.ts";
import { GAP_VERDICTS } from "./types.ts";
import type { QuestionEvent, QuestionStore, ReportRef, StoredQuestion, UsageStats, Verdict, Vote, VoteTally } from "./types.ts";

/** Options for {@link openQuestionStore}. */
export interface StoreOptions {
  /** Days question texts (and asker hashes) are kept; 0: texts are never written. */
  retentionDays: number;
}

const SCHEMA_VERSION = 1;
const DAY_MS = 86_400_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
  id INTEGER PRIMARY KEY,
  asked_at INTEGER NOT NULL,
  text TEXT,
  lang TEXT NOT NULL,
  verdict TEXT NOT NULL,
  asker TEXT,
  chat_kind TEXT NOT NULL,
  reply_ms INTEGER NOT NULL,
  best_file TEXT,
  best_title TEXT
);
CREATE INDEX IF NOT EXISTS questions_by_time ON questions (asked_at);
CREATE TABLE IF NOT EXISTS citations (
  question_id INTEGER NOT NULL REFERENCES questions (id),
  file TEXT NOT NULL,
  title TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS citations_by_question ON citations (question_id);
CREATE TABLE IF NOT EXISTS votes (
  question_id INTEGER NOT NULL REFERENCES questions (id),
  voter TEXT NOT NULL,
  vote INTEGER NOT NULL,
  voted_at INTEGER NOT NULL,
  PRIMARY KEY (question_id, voter)
);
`;

/**
 * Opens (creating when absent) the question store at `file`. The salt for asker hashes is made on
 * first open and kept in the store itself, so a backup of the file keeps "distinct askers"
 * consistent; without the salt a hash cannot be matched to a Telegram id by hashing candidates.
 */
export function openQuestionStore(file: string, options: StoreOptions): QuestionStore {
  let db: Database.Database;
  try {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma("user_version");
  } catch (error) {
    throw new FixableError(`QUESTIONS_FILE: cannot open the question store ${file} (${(error as Error).message}); check that the folder is writable by this user`, { cause: error });
  }
  // WAL: a write is one append to the log, readers never block the writer, and a crash loses at
  // most the transaction being written. synchronous=NORMAL keeps every committed transaction
  // across a killed process (the OS still has it); only a power cut can lose the last ones.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  const getMeta = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
  setMeta.run("schema", String(SCHEMA_VERSION));
  setMeta.run("salt", randomBytes(16).toString("hex"));
  const salt = getMeta.get("salt")!.value;
  const hash = (id: number) => createHash("sha256").update(`${salt}:${id}`).digest("base64url").slice(0, 22);

  const insertQuestion = db.prepare(
    `INSERT INTO questions (asked_at, text, lang, verdict, asker, chat_kind, reply_ms, best_file, best_title)
     VALUES (@askedAt, @text, @lang, @verdict, @asker, @chatKind, @replyMs, @bestFile, @bestTitle)`,
  );
  const insertCitation = db.prepare("INSERT INTO citations (question_id, file, title) VALUES (?, ?, ?)");
  const record = db.transaction((e: QuestionEvent): number => {
    const { lastInsertRowid } = insertQuestion.run({
      askedAt: e.askedAt.getTime(),
      text: options.retentionDays === 0 ? null : e.text,
      lang: e.lang,
      verdict: e.verdict,
      asker: e.askerId === undefined ? null : hash(e.askerId),
      chatKind: e.chatKind,
      replyMs: Math.round(e.replyMs),
      bestFile: e.best?.file ?? null,
      bestTitle: e.best?.title ?? null,
    });
    const id = Number(lastInsertRowid);
    const seen = new Set<string>();
    for (const c of e.cited) {
      if (seen.has(c.file)) continue;
      seen.add(c.file);
      insertCitation.run(id, c.file, c.title);
    }
    return id;
  });

  const questionExists = db.prepare<[number], { id: number }>("SELECT id FROM questions WHERE id = ?");
  const previousVote = db.prepare<[number, string], { vote: number }>("SELECT vote FROM votes WHERE question_id = ? AND voter = ?");
  const upsertVote = db.prepare(
    `INSERT INTO votes (question_id, voter, vote, voted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
  );
  const tally = db.prepare<[number], { up: number; down: number }>(
    "SELECT COALESCE(SUM(vote = 1), 0) AS up, COALESCE(SUM(vote = 0), 0) AS down FROM votes WHERE question_id = ?",
  );
  const vote = db.transaction((questionId: number, voterId: number, choice: Vote, at: Date): VoteTally | undefined => {
    if (questionExists.get(questionId) === undefined) return undefined;
    const voter = hash(voterId);
    const value = choice === "up" ? 1 : 0;
    const before = previousVote.get(questionId, voter);
    if (before?.vote !== value) upsertVote.run(questionId, voter, value, at.getTime());
    const t = tally.get(questionId)!;
    return { up: t.up, down: t.down, mine: choice, changed: before?.vote !== value };
  });

  const selectQuestions = db.prepare<[number, number], QuestionRow>(
    `SELECT q.id, q.asked_at, q.text, q.verdict, q.best_file, q.best_title,
            (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id AND v.vote = 1) AS up,
            (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id AND v.vote = 0) AS down
       FROM questions q WHERE q.asked_at >= ? AND q.asked_at < ? ORDER BY q.asked_at, q.id`,
  );

  const statRows = db.prepare<[number, number], { asked_at: number; verdict: string; reply_ms: number; asker: string | null }>(
    "SELECT asked_at, verdict, reply_ms, asker FROM questions WHERE asked_at >= ? AND asked_at < ?",
  );
  const voteCounts = db.prepare<[number, number], { up: number; down: number }>(
    `SELECT COALESCE(SUM(v.vote = 1), 0) AS up, COALESCE(SUM(v.vote = 0), 0) AS down
       FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.asked_at >= ? AND q.asked_at < ?`,
  );
  const cited = db.prepare<[number, number, number], { file: string; title: string; answers: number }>(
    `SELECT c.file, MAX(c.title) AS title, COUNT(*) AS answers
       FROM citations c JOIN questions q ON q.id = c.question_id
      WHERE q.asked_at >= ? AND q.asked_at < ? GROUP BY c.file ORDER BY answers DESC, c.file LIMIT ?`,
  );
  const eraseQuestions = db.prepare("UPDATE questions SET text = NULL, asker = NULL WHERE asked_at < ? AND (text IS NOT NULL OR asker IS NOT NULL)");
  // A vote's voter hash goes too; the vote itself stays, keyed by a value no Telegram id hashes to.
  const eraseVoters = db.prepare(
    "UPDATE votes SET voter = 'erased:' || rowid WHERE voter NOT LIKE 'erased:%' AND question_id IN (SELECT id FROM questions WHERE asked_at < ?)",
  );
  const applyRetention = db.transaction((cutoff: number) => {
    const n = eraseQuestions.run(cutoff).changes;
    eraseVoters.run(cutoff);
    return n;
  });

  return {
    file,
    record: (event) => record(event),
    vote: (questionId, voterId, choice, at = new Date()) => vote(questionId, voterId, choice, at),
    questions: (since, until = new Date(8.64e15)) => selectQuestions.all(since.getTime(), until.getTime()).map(toStored),
    stats(from, to, topReports = 5) {
      const rows = statRows.all(from.getTime(), to.getTime());
      const byVerdict: Record<Verdict, number> = { answered: 0, uncertain: 0, not_found: 0 };
      for (const r of rows) byVerdict[r.verdict as Verdict] = (byVerdict[r.verdict as Verdict] ?? 0) + 1;
      const replies = rows.map((r) => r.reply_ms).sort((a, b) => a - b);
      return {
        from,
        to,
        questions: rows.length,
        askers: new Set(rows.map((r) => r.asker).filter((a) => a !== null)).size,
        byVerdict,
        perDay: [...countBy(rows, from, to, dayOf)].map(([day, questions]) => ({ day, questions })),
        perWeek: [...countBy(rows, from, to, isoWeek)].map(([week, questions]) => ({ week, questions })),
        votes: voteCounts.get(from.getTime(), to.getTime())!,
        replyMs: { p50: percentile(replies, 0.5), p95: percentile(replies, 0.95) },
        topCited: cited.all(from.getTime(), to.getTime(), topReports).map((c) => ({ report: { file: c.file, title: c.title }, answers: c.answers })),
      } satisfies UsageStats;
    },
    applyRetention(now = new Date()) {
      const cutoff = options.retentionDays === 0 ? Number.MAX_SAFE_INTEGER : now.getTime() - options.retentionDays * DAY_MS;
      return applyRetention(cutoff);
    },
    close: () => db.close(),
  };
}

interface QuestionRow {
  id: number;
  asked_at: number;
  text: string | null;
  verdict: string;
  best_file: string | null;
  best_title: string | null;
  up: number;
  down: number;
}

function toStored(r: QuestionRow): StoredQuestion {
  const best: ReportRef | undefined = r.best_file === null ? undefined : { file: r.best_file, title: r.best_title ?? r.best_file };
  return { id: r.id, askedAt: new Date(r.asked_at), text: r.text ?? undefined, verdict: r.verdict as Verdict, best, up: r.up, down: r.down };
}

/** True for a question /gaps lists: not answered (or doubtfully), or voted 👎. */
export function isGap(q: Pick<StoredQuestion, "verdict" | "down">): boolean {
  return GAP_VERDICTS.includes(q.verdict) || q.down > 0;
}

/** The value at quantile `q` of ascending `sorted` (nearest rank), or undefined when empty. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO week (`2026-W49`) a time falls in (UTC): the week belongs to the year of its Thursday. */
export function isoWeek(ms: number): string {
  const d = new Date(ms);
  const monday0 = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - monday0 + 3));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Questions counted by `key` of their time, every key of [from, to) present (days stepped through). */
function countBy(rows: { asked_at: number }[], from: Date, to: Date, key: (ms: number) => string): Map<string, number> {
  const counts = new Map<string, number>();
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = start; t < to.getTime(); t += DAY_MS) counts.set(key(t), 0);
  for (const r of rows) counts.set(key(r.asked_at), (counts.get(key(r.asked_at)) ?? 0) + 1);
  return counts;
}
