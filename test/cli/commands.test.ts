import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { REPO_ROOT, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

let ws: Workspace;
let env: NodeJS.ProcessEnv;

/** Runs a CLI entry point the way `npm run …` does, in the workspace, and returns its exit code and output. */
async function cli(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(REPO_ROOT, "src/cli", script), ...args], {
      cwd: ws.dir,
      env: { ...env, ...extraEnv },
      maxBuffer: 10_000_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();

beforeAll(async () => {
  ws = await createWorkspace();
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SEEDS_DIR: ws.seedsDir,
    EMBEDDINGS_DIR: path.join(ws.dir, "embeddings"),
    EMBEDDING_MODEL: ws.config.embedding.model,
    EMBEDDING_OFFLINE: "true",
    GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"),
    LOG_LEVEL: "warn",
  };
}, 120_000);

afterAll(async () => {
  await ws?.remove();
});

describe("npm run index / npm run ask", () => {
  it("indexes the seeds and prints the index report", async () => {
    const { code, stdout } = await cli("index-command.ts", []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/reports: 5 \(added 5/);
    expect(stdout).toMatch(/passages: \d+/);
  }, 120_000);

  it("answers a question about a seed report with a passage holding its answer and a correct citation", async () => {
    const q = SEED_QUESTIONS[0]!;
    const { code, stdout } = await cli("ask.ts", ["--json", q.question]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.found).toBe(true);
    const top3 = out.passages.slice(0, 3);
    const hit = top3.find((p: { text: string }) => norm(p.text).includes(norm(q.gold)));
    expect(hit, `gold snippet of ${q.id} in the top 3`).toBeDefined();
    expect(hit.citation.file).toBe(q.doc);
    expect(hit.citation.title.length).toBeGreaterThan(10);
    expect(hit.citation.paragraphStart).toBeGreaterThanOrEqual(1);
    const report = norm(await readFile(path.join(ws.seedsDir, q.doc), "utf8"));
    expect(report).toContain(norm(hit.text).slice(0, 60));
  }, 120_000);

  it("prints a readable cited answer by default", async () => {
    const { code, stdout } = await cli("ask.ts", ["Có bao nhiêu tổ liên gia tự quản về ANTT ở Phú Thọ?"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[1\] /m);
    expect(stdout).toMatch(/tệp 00\d_\w+\.txt · đoạn \d+/);
  }, 120_000);

  it("a bad setting stops with one line naming it", async () => {
    const { code, stderr } = await cli("ask.ts", ["câu hỏi"], { SEARCH_TOP_K: "many" });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('Configuration error: SEARCH_TOP_K: expected a whole number, got "many"');
  }, 60_000);

  it("a missing model stops `npm run index` with one message naming the model and docs/offline.md, without a stack trace", async () => {
    const { code, stderr } = await cli("index-command.ts", [], { EMBEDDING_MODEL: path.join(ws.dir, "no-such-model") });
    expect(code).toBe(2);
    expect(stderr).toContain("no-such-model");
    expect(stderr).toContain("docs/offline.md");
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("with a missing model, `npm run ask` still answers, by keywords, after one warning naming the model and the fix", async () => {
    const q = SEED_QUESTIONS[0]!;
    const { code, stdout, stderr } = await cli("ask.ts", [q.question], { EMBEDDING_MODEL: path.join(ws.dir, "no-such-model") });
    expect(code).toBe(0);
    expect(stdout).toContain(q.doc);
    const warnings = stderr.split("\n").filter((l) => l.includes("keyword search only"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("no-such-model");
  }, 60_000);
});
