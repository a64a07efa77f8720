import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../src/config.ts";
import type { Config } from "../../src/config.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import type { BuildOptions } from "../../src/ingest/mod.ts";
import { getTestModelDir } from "./test-model.ts";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The five reports shipped in `seeds/`. */
export const SEEDS_DIR = path.join(REPO_ROOT, "seeds");

/** A throwaway working directory with its own copy of the seeds and its own index. */
export interface Workspace {
  dir: string;
  seedsDir: string;
  config: Config;
  /** Config with extra environment settings. */
  withEnv(env: Record<string, string>): Config;
  remove(): Promise<void>;
}

/**
 * Creates a temp directory holding a copy of `seeds/` (so tests may add, change or remove reports)
 * and a configuration that points the index there and uses the generated test model, offline.
 */
export async function createWorkspace(env: Record<string, string> = {}): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-test-"));
  const seedsDir = path.join(dir, "seeds");
  await cp(SEEDS_DIR, seedsDir, { recursive: true });
  const modelDir = await getTestModelDir();
  const baseEnv = {
    SEEDS_DIR: seedsDir,
    EMBEDDINGS_DIR: path.join(dir, "embeddings"),
    EMBEDDING_MODEL: modelDir,
    EMBEDDING_OFFLINE: "true",
    GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"),
    LOG_LEVEL: "silent",
    ...env,
  };
  const withEnv = (extra: Record<string, string>) => parseConfig({ ...baseEnv, ...extra }, dir);
  return { dir, seedsDir, config: withEnv({}), withEnv, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Options for `buildIndex` over a workspace's reports and index, with `extra` overriding any of them. */
export function buildOptionsFor(ws: Workspace, embedder: Embedder, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { corpus: ws.config.corpus, index: ws.config.index, embedding: ws.config.embedding, embedder, ...extra };
}
