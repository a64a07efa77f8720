import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openQuestionStore } from "../../src/store/mod.ts";
import { REPO_ROOT } from "../helpers/workspace.ts";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), "hoidap-gaps-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gaps(args: string[], file: string) {
  try {
    const { stdout, stderr } = await run(path.join(REPO_ROOT, "node_modules/.bin/tsx"), [path.join(REPO_ROOT, "src/cli/gaps.ts"), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, QUESTIONS_FILE: file, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run gaps", () => {
  it("prints the groups the bot recorded, as text or CSV, and says when nothing was recorded yet", async () => {
    const file = path.join(dir, "questions.db");
    const store = openQuestionStore(file, { retentionDays: 30 });
    const ask = (text: string, daysAgo: number) =>
      store.record({ askedAt: new Date(Date.now() - daysAgo * 86_400_000), text, lang: "vi", verdict: "not_found", askerId: 5, chatKind: "private", replyMs: 90, best: { file: "003_x.txt", title: "Thủy lợi" }, cited: [] });
    ask("Kinh phí trạm bơm Lạc Hồng là bao nhiêu?", 1);
    ask("kinh phi tram bom lac hong la bao nhieu", 2);
    ask("Ai phụ trách hồ chứa Bến Mới?", 3);
    ask("Lịch trực Tết năm ngoái?", 40);
    store.close();

    const text = await gaps([], file);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("last 30 days: 2 groups, 3 questions");
    expect(text.stdout).toContain("1. “Kinh phí trạm bơm Lạc Hồng là bao nhiêu?” — 2× (not found 2)");
    expect(text.stdout).toContain("closest report: Thủy lợi (003_x.txt)");
    expect(text.stdout).not.toContain("Tết");

    const csv = await gaps(["--csv", "--days", "60"], file);
    const rows = csv.stdout.trim().split("\r\n");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/^2,Kinh phí trạm bơm Lạc Hồng là bao nhiêu\?,kinh phi tram bom lac hong la bao nhieu,2,0,0,Thủy lợi,003_x\.txt,/);

    const none = await gaps([], path.join(dir, "nothing-yet.db"));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No questions recorded yet/);
  }, 60_000);
});
