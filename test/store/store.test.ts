import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openQuestionStore } from "../../src/store/mod.ts";
import type { QuestionEvent } from "../../src/store/mod.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-02T10:00:00Z");
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hoidap-store-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const event = (over: Partial<QuestionEvent> = {}): QuestionEvent => ({
  askedAt: new Date(NOW),
  text: "Ai là trưởng đoàn giám sát?",
  lang: "vi",
  verdict: "answered",
  askerId: 424242,
  chatKind: "private",
  replyMs: 300,
  best: { file: "001_a.txt", title: "Báo cáo A" },
  cited: [{ file: "001_a.txt", title: "Báo cáo A" }],
  ...over,
});

/** Every byte the store keeps on disk (database and write-ahead log). */
const bytesOnDisk = (dir: string) => readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString("latin1")).join("");

describe("votes", () => {
  it("keeps one vote per person per answer: pressing again changes it, repeating it changes nothing", () => {
    const store = openQuestionStore(":memory:", { retentionDays: 30 });
    const id = store.record(event());
    expect(store.vote(id, 1, "up")).toEqual({ up: 1, down: 0, mine: "up", changed: true });
    expect(store.vote(id, 1, "up")).toEqual({ up: 1, down: 0, mine: "up", changed: false });
    expect(store.vote(id, 1, "down")).toEqual({ up: 0, down: 1, mine: "down", changed: true });
    expect(store.vote(id, 2, "down")).toEqual({ up: 0, down: 2, mine: "down", changed: true });
    expect(store.vote(id + 1, 2, "down")).toBeUndefined();
    expect(store.questions(new Date(0))[0]).toMatchObject({ up: 0, down: 2 });
    expect(store.stats(new Date(NOW - DAY), new Date(NOW + DAY)).votes).toEqual({ up: 0, down: 2 });
    store.close();
  });
});

describe("privacy and retention", () => {
  it("stores no Telegram id, only a salted hash that still counts distinct askers", () => {
    const dir = tempDir();
    const store = openQuestionStore(path.join(dir, "q.db"), { retentionDays: 30 });
    store.record(event({ askerId: 987654321 }));
    store.record(event({ askerId: 987654321 }));
    store.record(event({ askerId: 123456789 }));
    expect(store.stats(new Date(NOW - DAY), new Date(NOW + DAY)).askers).toBe(2);
    store.close();
    const disk = bytesOnDisk(dir);
    expect(disk).not.toContain("987654321");
    expect(disk).not.toContain("123456789");
  });

  it("erases question texts older than the retention period and keeps the counts", () => {
    const store = openQuestionStore(":memory:", { retentionDays: 30 });
    store.record(event({ askedAt: new Date(NOW - 40 * DAY), text: "câu hỏi cũ", verdict: "not_found" }));
    store.record(event({ askedAt: new Date(NOW - 10 * DAY), text: "câu hỏi mới", verdict: "not_found" }));
    expect(store.applyRetention(new Date(NOW))).toBe(1);
    expect(store.questions(new Date(0)).map((q) => q.text)).toEqual([undefined, "câu hỏi mới"]);
    const stats = store.stats(new Date(NOW - 60 * DAY), new Date(NOW));
    expect(stats.questions).toBe(2);
    expect(stats.byVerdict.not_found).toBe(2);
    store.close();
  });

  it("with retention 0 never writes a question's text to disk", () => {
    const dir = tempDir();
    const store = openQuestionStore(path.join(dir, "q.db"), { retentionDays: 0 });
    store.record(event({ text: "trạm bơm Xuân Thủy bí mật" }));
    expect(store.questions(new Date(0))[0]!.text).toBeUndefined();
    expect(store.stats(new Date(NOW - DAY), new Date(NOW + DAY)).questions).toBe(1);
    store.close();
    expect(bytesOnDisk(dir)).not.toContain(Buffer.from("Xuân Thủy bí mật").toString("latin1"));
  });
});

describe("durability", () => {
  it("keeps every committed record when the writing process is killed with SIGKILL mid-write", async () => {
    const dir = tempDir();
    const file = path.join(dir, "q.db");
    const child = fork(fileURLToPath(new URL("./write-forever.ts", import.meta.url)), [file], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let acknowledged = 0;
    await new Promise<void>((resolve, reject) => {
      child.on("message", (id) => {
        acknowledged = Number(id);
        if (acknowledged >= 500) resolve();
      });
      child.once("exit", (code) => reject(new Error(`writer exited early (${code})`)));
    });
    child.removeAllListeners("exit");
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;

    const store = openQuestionStore(file, { retentionDays: 30 });
    const ids = store.questions(new Date(0)).map((q) => q.id);
    // Every record the writer had committed is there, in order, with nothing missing in between.
    expect(ids.length).toBeGreaterThanOrEqual(acknowledged);
    expect(ids.slice(0, acknowledged)).toEqual(Array.from({ length: acknowledged }, (_, i) => i + 1));
    // The store stays usable after the crash.
    const next = store.record(event());
    expect(next).toBe(ids.length + 1);
    store.close();
  }, 30_000);
});

describe("usage statistics", () => {
  it("counts questions per day and week, verdict shares, reply-time percentiles and cited reports", () => {
    const store = openQuestionStore(":memory:", { retentionDays: 30 });
    const day = (d: number) => new Date(Date.parse("2026-11-30T09:00:00Z") + d * DAY); // a Monday
    for (let i = 0; i < 10; i++) store.record(event({ askedAt: day(0), replyMs: (i + 1) * 100 }));
    store.record(event({ askedAt: day(2), verdict: "not_found", cited: [], replyMs: 50 }));
    store.record(event({ askedAt: day(7), verdict: "uncertain", cited: [{ file: "002_b.txt", title: "B" }], replyMs: 60 }));
    const s = store.stats(new Date("2026-11-30T00:00:00Z"), new Date("2026-12-08T00:00:00Z"));
    expect(s.questions).toBe(12);
    expect(s.byVerdict).toEqual({ answered: 10, uncertain: 1, not_found: 1 });
    expect(s.perDay).toHaveLength(8);
    expect(s.perDay[0]).toEqual({ day: "2026-11-30", questions: 10 });
    expect(s.perDay[2]).toEqual({ day: "2026-12-02", questions: 1 });
    expect(s.perWeek).toEqual([
      { week: "2026-W49", questions: 11 },
      { week: "2026-W50", questions: 1 },
    ]);
    // 50, 60, 100 … 1000 ms: nearest-rank median is the 6th of 12.
    expect(s.replyMs).toEqual({ p50: 400, p95: 1000 });
    expect(s.topCited).toEqual([
      { report: { file: "001_a.txt", title: "Báo cáo A" }, answers: 10 },
      { report: { file: "002_b.txt", title: "B" }, answers: 1 },
    ]);
    store.close();
  });
});
