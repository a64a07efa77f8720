/**
 * Measures the two ways considered for the question log (docs/measurements/2026-12-02-question-store.md):
 * SQLite (better-sqlite3, WAL) — the store hoidap uses — against an append-only JSON-lines log
 * replayed on every read. Write rate, file size, the cost of /gaps and /stats over the last 30 days
 * of N questions, retention, and what a kill -9 in the middle of writing leaves.
 *
 *   npx tsx tools/bench/question-store.ts [questions=100000]
 */
import { fork } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { groupGaps, isGap, openQuestionStore } from "../../src/store/mod.ts";
import type { QuestionEvent, StoredQuestion, Verdict } from "../../src/store/mod.ts";

const DAY = 86_400_000;
const TOPICS = ["trưởng đoàn giám sát", "kinh phí xây dựng trường", "số hộ nghèo", "diện tích lúa", "trạm bơm", "đường giao thông nông thôn", "tiêm chủng", "học bổng"];
const PLACES = ["Hà Tĩnh", "Nghệ An", "Quảng Bình", "Cần Thơ", "Lào Cai"];
const VERDICTS: Verdict[] = ["answered", "answered", "answered", "uncertain", "not_found"];

/** A deterministic question event: question i of n, spread over a year ending at `end`. */
export function syntheticEvent(i: number, n: number, end: number): QuestionEvent {
  const topic = TOPICS[i % TOPICS.length]!;
  const place = PLACES[Math.floor(i / TOPICS.length) % PLACES.length]!;
  return {
    askedAt: new Date(end - Math.floor(((n - i) / n) * 365 * DAY)),
    text: `${topic} ở ${place} năm ${2020 + (i % 5)} là bao nhiêu?`,
    lang: "vi",
    verdict: VERDICTS[i % VERDICTS.length]!,
    askerId: 1000 + (i % 300),
    chatKind: "private",
    replyMs: 200 + (i % 900),
    best: { file: `00${i % 5}_report.txt`, title: `Báo cáo ${i % 5}` },
    cited: i % 5 >= 3 ? [] : [{ file: `00${i % 5}_report.txt`, title: `Báo cáo ${i % 5}` }],
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x: number) => Math.round(x * 10) / 10;

function benchSqlite(dir: string, n: number, end: number) {
  const file = path.join(dir, "questions.db");
  const store = openQuestionStore(file, { retentionDays: 90 });
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const id = store.record(syntheticEvent(i, n, end));
    if (i % 7 === 0) store.vote(id, 1000 + (i % 300), i % 2 === 0 ? "up" : "down");
  }
  const writeMs = ms(t);
  const since = new Date(end - 30 * DAY);
  t = process.hrtime.bigint();
  const recent = store.questions(since);
  const readMs = ms(t);
  t = process.hrtime.bigint();
  const groups = groupGaps(recent);
  const groupMs = ms(t);
  t = process.hrtime.bigint();
  const stats = store.stats(since, new Date(end));
  const statsMs = ms(t);
  t = process.hrtime.bigint();
  const erased = store.applyRetention(new Date(end));
  const retentionMs = ms(t);
  store.close();
  const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  return { writeMs, perWriteUs: (writeMs * 1000) / n, readMs, groupMs, statsMs, retentionMs, erased, groups: groups.length, questions30d: stats.questions, bytes: size };
}

interface LogLine {
  t: "q" | "v";
  id: number;
  at?: number;
  text?: string;
  verdict?: Verdict;
  voter?: number;
  vote?: "up" | "down";
  best?: { file: string; title: string };
}

/** The JSON-lines alternative: every read replays the whole log (votes: last one wins). */
function replay(file: string, since: number): StoredQuestion[] {
  const questions = new Map<number, StoredQuestion & { voters: Map<number, "up" | "down"> }>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    let r: LogLine;
    try {
      r = JSON.parse(line) as LogLine;
    } catch {
      continue; // a torn last line after a crash
    }
    if (r.t === "q" && r.at! >= since) questions.set(r.id, { id: r.id, askedAt: new Date(r.at!), text: r.text, verdict: r.verdict!, best: r.best, up: 0, down: 0, voters: new Map() });
    else if (r.t === "v") questions.get(r.id)?.voters.set(r.voter!, r.vote!);
  }
  return [...questions.values()].map((q) => {
    const votes = [...q.voters.values()];
    return { ...q, up: votes.filter((v) => v === "up").length, down: votes.filter((v) => v === "down").length };
  });
}

function benchJsonl(dir: string, n: number, end: number) {
  const file = path.join(dir, "questions.jsonl");
  writeFileSync(file, "");
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const e = syntheticEvent(i, n, end);
    appendFileSync(file, `${JSON.stringify({ t: "q", id: i, at: e.askedAt.getTime(), text: e.text, verdict: e.verdict, asker: e.askerId, ms: e.replyMs, best: e.best, cited: e.cited })}\n`);
    if (i % 7 === 0) appendFileSync(file, `${JSON.stringify({ t: "v", id: i, voter: 1000 + (i % 300), vote: i % 2 === 0 ? "up" : "down" })}\n`);
  }
  const writeMs = ms(t);
  const since = end - 30 * DAY;
  t = process.hrtime.bigint();
  const recent = replay(file, since);
  const readMs = ms(t);
  t = process.hrtime.bigint();
  const groups = groupGaps(recent);
  const groupMs = ms(t);
  t = process.hrtime.bigint();
  const qs = replay(file, since);
  const stats = { questions: qs.length, gaps: qs.filter(isGap).length };
  const statsMs = ms(t);
  // Retention: the whole log rewritten without the old texts (compaction).
  t = process.hrtime.bigint();
  const cutoff = end - 90 * DAY;
  const kept = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const r = JSON.parse(l) as LogLine;
      if (r.t === "q" && r.at! < cutoff) delete r.text;
      return JSON.stringify(r);
    });
  writeFileSync(`${file}.tmp`, `${kept.join("\n")}\n`);
  const retentionMs = ms(t);
  return { writeMs, perWriteUs: (writeMs * 1000) / n, readMs, groupMs, statsMs, retentionMs, groups: groups.length, questions30d: stats.questions, bytes: statSync(file).size };
}

/** Child mode: write records as fast as possible until killed. */
function writeForever(kind: string, file: string): void {
  const end = Date.now();
  if (kind === "sqlite") {
    const store = openQuestionStore(file, { retentionDays: 90 });
    for (let i = 0; ; i++) {
      store.record(syntheticEvent(i, 1_000_000, end));
      if (i === 200) process.send?.("writing");
    }
  }
  for (let i = 0; ; i++) {
    appendFileSync(file, `${JSON.stringify({ t: "q", id: i, at: end, text: syntheticEvent(i, 1_000_000, end).text.repeat(20) })}\n`);
    if (i === 200) process.send?.("writing");
  }
}

async function killMidWrite(dir: string, kind: "sqlite" | "jsonl", runs: number) {
  const outcomes: { records: number; torn: number; intact: boolean }[] = [];
  for (let run = 0; run < runs; run++) {
    const file = path.join(dir, `kill-${run}.${kind === "sqlite" ? "db" : "jsonl"}`);
    const child = fork(fileURLToPath(import.meta.url), ["--child", kind, file], { execArgv: ["--import", "tsx"], stdio: "ignore" });
    await new Promise<void>((r) => child.once("message", () => r()));
    await new Promise((r) => setTimeout(r, 100 + run * 37));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    if (kind === "sqlite") {
      const db = new Database(file);
      const intact = (db.pragma("integrity_check", { simple: true }) as string) === "ok";
      const { n } = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM questions").get()!;
      const { max } = db.prepare<[], { max: number }>("SELECT MAX(id) AS max FROM questions").get()!;
      outcomes.push({ records: n, torn: max - n, intact });
      db.close();
    } else {
      const lines = readFileSync(file, "utf8").split("\n");
      const torn = lines.at(-1) === "" ? 0 : 1;
      outcomes.push({ records: lines.filter((l) => l !== "").length - torn, torn, intact: torn === 0 });
    }
  }
  return outcomes;
}

async function main() {
  if (process.argv[2] === "--child") return writeForever(process.argv[3]!, process.argv[4]!);
  const n = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "hoidap-store-bench-"));
  try {
    const end = Date.now();
    const sqlite = benchSqlite(dir, n, end);
    const jsonl = benchJsonl(dir, n, end);
    const fmt = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
    console.log(`questions: ${n} over 365 days, one vote per 7 questions; /gaps and /stats over the last 30 days`);
    console.log("sqlite", fmt(sqlite));
    console.log("jsonl ", fmt(jsonl));
    console.log("kill -9 mid-write, sqlite:", JSON.stringify(await killMidWrite(dir, "sqlite", 5)));
    console.log("kill -9 mid-write, jsonl: ", JSON.stringify(await killMidWrite(dir, "jsonl", 5)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
