import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SEED_QUESTIONS } from "../helpers/seed-questions.ts";
import { REPO_ROOT, createWorkspace, type Workspace } from "../helpers/workspace.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(async () => ws?.remove());

it("npm start with no model reachable and no token answers a seeds question by keywords, and /status says so", async () => {
  const seed = SEED_QUESTIONS[0]!;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SEEDS_DIR: ws.seedsDir,
    EMBEDDINGS_DIR: path.join(ws.dir, "embeddings"),
    EMBEDDING_MODEL: "Xenova/multilingual-e5-small",
    // Nothing listens on the discard port: the download fails at once, as on an office network.
    EMBEDDING_REMOTE_HOST: "http://127.0.0.1:9",
    GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"),
    LOG_LEVEL: "warn",
  };
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = execFile(path.join(REPO_ROOT, "node_modules/.bin/tsx"), [path.join(REPO_ROOT, "src/cli/start.ts")], { cwd: ws.dir, env, maxBuffer: 10_000_000 }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
    );
    child.stdin!.end(`${seed.question}\n/status\n/quit\n`);
  });
  const warnings = stderr.split("\n").filter((l) => l.includes("keyword search only"));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("127.0.0.1:9");
  expect(stdout).toContain(seed.gold.slice(0, 30));
  // /status in the language of the question asked before it.
  expect(stdout).toContain("chỉ tìm theo từ khoá");
}, 120_000);
