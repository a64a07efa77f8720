import { execFile } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { REPO_ROOT, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";

const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

let ws: Workspace;
let env: NodeJS.ProcessEnv;

/** Runs a CLI entry point the way `npm run …` does, in the workspace, and returns its exit code and output. */
async function cli(script: string, args: string[], extraEnv: Record<string, string> = {}, input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(TSX, [path.join(REPO_ROOT, "src/cli", script), ...args], { cwd: ws.dir, env: { ...env, ...extraEnv }, maxBuffer: 10_000_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }),
    );
    child.stdin?.end(input ?? "");
  });
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

  it("without the model, `npm run index` keeps the passages and says their vectors are kept for when it is back", async () => {
    // A copy of the index built above, so the other tests keep theirs.
    const copy = path.join(ws.dir, "embeddings-without-model");
    await cp(path.join(ws.dir, "embeddings"), copy, { recursive: true });
    // Nothing changed: the index in force, vectors and all, stays as it is.
    const unchanged = await cli("index-command.ts", [], { EMBEDDING_MODEL: "none", EMBEDDINGS_DIR: copy });
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toContain("Index up to date: no report changed");
    // One report more (in a copy of the reports): the passages of the others are kept, and so are their vectors.
    const seeds = path.join(ws.dir, "seeds-without-model");
    await cp(ws.seedsDir, seeds, { recursive: true });
    await writeFile(path.join(seeds, "099_new.txt"), "Báo cáo diễn tập phòng cháy\n\nNgày 5/3, Công an huyện tổ chức diễn tập phòng cháy chữa cháy tại chợ trung tâm với 200 người tham gia.\n");
    const env = { EMBEDDING_MODEL: "none", EMBEDDINGS_DIR: copy, SEEDS_DIR: seeds };
    const { code, stdout } = await cli("index-command.ts", [], env);
    expect(code).toBe(0);
    expect(stdout).toContain("updated (incremental)");
    expect(stdout).toContain("added 1");
    const passages = Number(/passages: (\d+)/.exec(stdout)![1]);
    expect(stdout).toMatch(/vectors of (\d+) unchanged passages kept for when the model is back/);
    const kept = Number(/vectors of (\d+) unchanged/.exec(stdout)![1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(passages); // the new report's passages have none yet
  }, 120_000);

  it("answers a question about a seed report with a passage holding its answer and a correct citation", async () => {
    const q = SEED_QUESTIONS[0]!;
    const { code, stdout } = await cli("ask.ts", ["--json", q.question]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.found).toBe(true);
    expect(["answered", "uncertain"]).toContain(out.verdict);
    const top3 = out.passages.slice(0, 3);
    const hit = top3.find((p: { text: string }) => norm(p.text).includes(norm(q.gold)));
    expect(hit, `gold snippet of ${q.id} in the top 3`).toBeDefined();
    expect(hit.citation.file).toBe(q.doc);
    expect(hit.citation.title.length).toBeGreaterThan(10);
    expect(hit.citation.paragraphStart).toBeGreaterThanOrEqual(1);
    const report = norm(await readFile(path.join(ws.seedsDir, q.doc), "utf8"));
    expect(report).toContain(norm(hit.text).slice(0, 60));
  }, 120_000);

  it("prints the answer first, then its sources by report, by default", async () => {
    const { code, stdout } = await cli("ask.ts", ["Huyện Cẩm Khê duy trì hoạt động thường xuyên của bao nhiêu ban ANTT?"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("Theo báo cáo:");
    expect(lines[1]).toMatch(/300 ban ANTT.* \[1\]$/);
    expect(stdout).toMatch(/^📄 Để phong trào đứng vững trong lòng dân\n   06\/05\/2019\n\[1\] đoạn văn \d+/m);
    expect(stdout).not.toMatch(/tệp|\.txt/);
  }, 120_000);

  it("answers a file of questions in one process, one JSON answer per line, as the bot answers them", async () => {
    const file = path.join(ws.dir, "questions.jsonl");
    const questions = [
      { question: "Huyện Cẩm Khê duy trì hoạt động thường xuyên của bao nhiêu ban ANTT?" },
      { question: "What is the capital of France?" },
      { question: "Đoàn giám sát Nghị quyết 25 ở Huế gồm bao nhiêu thành viên?" },
    ];
    await writeFile(file, `${questions.map((q) => JSON.stringify(q)).join("\n")}\nnot json\n`);
    const { code, stdout } = await cli("ask.ts", ["--json", "--questions", file]);
    expect(code).toBe(0);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    const [counted, offTopic, unanswerable, bad] = out;
    expect(counted.verdict).toBe("answered");
    expect(counted.answer[0]).toMatchObject({ n: 1 });
    expect(counted.answer[0].text).toContain("300 ban ANTT");
    expect(counted.passages[0].citation).toMatchObject({ file: "004_34938899e6c395cf.txt", title: "Để phong trào đứng vững trong lòng dân" });
    // the message is the bot's first reply: the answer in bold with its [n], first
    expect(counted.message.split("\n")[1]).toBe(`<b>${counted.answer[0].text}</b> [1]`);
    expect(counted.message.length).toBeLessThanOrEqual(1500);
    expect(offTopic).toMatchObject({ verdict: "not_found", answer: [] });
    expect(offTopic.message).toContain("The indexed reports do not answer this question.");
    expect(unanswerable.verdict).not.toBe("answered");
    expect(bad).toEqual({ line: 4, error: "not JSON" });
    for (const a of [counted, offTopic, unanswerable]) expect(Object.keys(a)).toEqual(expect.arrayContaining(["verdict", "answer", "passages", "message"]));
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
    // The answer sentence is the gold one (replies cite reports by title, not file name).
    expect(stdout).toContain(q.gold.slice(0, 30));
    const warnings = stderr.split("\n").filter((l) => l.includes("keyword search only"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("no-such-model");
  }, 60_000);
});

describe("npm start without a token: the terminal chat", () => {
  it("answers every piped line with the bot's layout, plain, commands in the asker's language, and exits 0 at the end of input", async () => {
    const input = ["Huyện Cẩm Khê duy trì hoạt động thường xuyên của bao nhiêu ban ANTT?", "Who chaired the Ha Tinh review conference?", "/sources", "/status", ""].join("\n");
    const { code, stdout } = await cli("start.ts", [], { LOG_LEVEL: "info" }, input);
    expect(code).toBe(0);
    // the first question: the answer first, then its sources by report
    const answer = stdout.slice(stdout.indexOf("Theo báo cáo:"));
    expect(answer).toMatch(/^Theo báo cáo:\n.*300 ban ANTT.* \[1\]\n\n📄 /);
    // the second, in English; then /sources and /status follow the last question's language
    expect(stdout).toMatch(/I am not sure the reports answer this|From the reports|do not answer this question/);
    expect(stdout).toContain("Indexed reports (5):");
    expect(stdout).toMatch(/^Status$/m);
    // plain in a pipe, and no log line in the conversation (they go to stderr)
    expect(stdout).not.toContain("\u001b[");
    expect(stdout).not.toMatch(/"level":/);
  }, 180_000);

  it("reports a failed /reindex as the bot does, in the language of the last question, and keeps answering from the previous index", async () => {
    const missing = path.join(ws.dir, "no-such-folder");
    const input = "/reindex\nHuyện Cẩm Khê duy trì hoạt động thường xuyên của bao nhiêu ban ANTT?\nHow many security teams does Cam Khe district keep active?\n/reindex\n";
    const { code, stdout } = await cli("start.ts", [], { SEEDS_DIR: missing }, input);
    expect(code).toBe(0);
    expect(stdout).toContain(`Cập nhật chỉ mục thất bại: không tìm thấy thư mục báo cáo ${missing}; hãy kiểm tra thiết lập SEEDS_DIR\nChỉ mục cũ vẫn đang được dùng để trả lời.`);
    expect(stdout).toMatch(/300 ban ANTT/);
    expect(stdout).toContain(`The index update failed: the reports folder ${missing} does not exist; check the SEEDS_DIR setting\nThe previous index is still answering questions.`);
  }, 180_000);
});
