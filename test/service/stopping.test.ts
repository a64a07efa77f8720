/**
 * A reindex stops promptly, whoever ends it: `npm run index` acts on SIGTERM within a batch of
 * embedding (the model runs synchronously, so this needs the event loop between batches), and a
 * reindex child whose parent is killed outright (SIGKILL, the OOM killer) exits by itself,
 * releasing the build lock, instead of writing a generation nobody will load.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { createWorkspace, REPO_ROOT } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { isAlive } from "../helpers/processes.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let ws: Workspace;
let dimensions: number;

beforeAll(async () => {
  ws = await createWorkspace();
  const embedder = await loadEmbedder(ws.config.embedding);
  dimensions = embedder.dimensions;
  await embedder.dispose();
  // Enough passages, embedded one per batch, that embedding lasts well beyond the limits asserted.
  await mkdir(ws.seedsDir, { recursive: true });
  for (let i = 0; i < 400; i++) {
    await writeFile(path.join(ws.seedsDir, `200_${i}.txt`), `Báo cáo số ${i} về trạm bơm\n\n${`Trạm bơm Kênh Tím số ${i} đã được nghiệm thu và đưa vào vận hành. `.repeat(60)}\n`);
  }
}, 60_000);

afterAll(async () => {
  await ws?.remove();
});

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SEEDS_DIR: ws.seedsDir,
      EMBEDDINGS_DIR: path.join(ws.dir, "embeddings"),
      EMBEDDING_MODEL: ws.config.embedding.model,
      EMBEDDING_OFFLINE: "true",
      EMBEDDING_BATCH_SIZE: "1",
      TEST_DIMENSIONS: String(dimensions),
      LOG_LEVEL: "info",
    },
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

const lock = () => path.join(ws.config.index.dir, "build.lock");
/** Embedding has begun once the build has made its generation directory (after scanning and chunking). */
const embedding = () => existsSync(ws.config.index.dir) && readdirSync(ws.config.index.dir).some((n) => n.startsWith("gen-"));

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

it("npm run index acts on SIGTERM during embedding within 2 s, with one line and no stack trace", async () => {
  const index = run(["src/cli/index-command.ts"]);
  try {
    await waitFor(embedding, 60_000, "embedding to begin");
    await sleep(500);
    index.child.kill("SIGTERM");
    const sent = Date.now();
    const code = await index.exited;
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(code).toBe(1);
    expect(index.output()).toContain("Stopped before finishing: the index in force is unchanged.");
    expect(index.output()).not.toMatch(/\n\s+at /);
    expect(existsSync(lock())).toBe(false);
    expect(readdirSync(ws.config.index.dir).filter((n) => n.startsWith("gen-"))).toEqual([]);
  } finally {
    index.child.kill("SIGKILL");
  }
}, 120_000);

it("a reindex child whose parent is killed with SIGKILL exits within 5 s and frees the build lock", async () => {
  const parent = run(["test/service/reindex-parent.ts"]);
  let childPid: number | undefined;
  try {
    await waitFor(() => /"pid":(\d+).*reindex process started/.test(parent.output()), 60_000, "the reindex child to start");
    childPid = Number(/"pid":(\d+).*reindex process started/.exec(parent.output())![1]);
    await waitFor(() => embedding() && existsSync(lock()), 60_000, "the child to be embedding");
    await sleep(500);
    parent.child.kill("SIGKILL");
    const killed = Date.now();
    await waitFor(() => !isAlive(childPid!) && !existsSync(lock()), 5_000, "the child to exit and free the lock");
    expect(Date.now() - killed).toBeLessThan(5_000);
  } finally {
    parent.child.kill("SIGKILL");
    if (childPid !== undefined && isAlive(childPid)) process.kill(childPid, "SIGKILL");
  }
}, 120_000);
