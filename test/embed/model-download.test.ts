import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddingConfig } from "../../src/config.ts";
import { EmbedderLoadError, ModelPackError, loadEmbedder, packModel, unpackModel } from "../../src/embed/mod.ts";
import { listTar } from "../../src/embed/tar.ts";
import { startLoopbackHub, type LoopbackHub } from "../helpers/loopback-hub.ts";
import { E5_HUB_ID, getTestModelRoot } from "../helpers/test-model.ts";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

let hub: LoopbackHub;
let served: string;
let scratch: string;

const hubConfig = (cacheDir: string, offline = false): EmbeddingConfig => ({
  model: E5_HUB_ID,
  quantized: true,
  offline,
  batchSize: 16,
  cacheDir,
  remoteHost: hub.url,
});

beforeAll(async () => {
  served = await getTestModelRoot();
  hub = await startLoopbackHub(served);
  scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-download-"));
});
afterAll(async () => {
  await hub?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("the model download path, against a loopback server laid out like the Hugging Face Hub", () => {
  it("downloads the model into the cache on the first run, then loads it from there with downloads off", async () => {
    const cacheDir = path.join(scratch, "first-run");
    hub.requests.length = 0;
    const embedder = await loadEmbedder(hubConfig(cacheDir));
    const question = await embedder.embedQuery("hội nghị sơ kết");
    await embedder.dispose();
    const fetched = hub.requests.filter((r) => r.status === 200).map((r) => r.path);
    for (const file of MODEL_FILES) {
      expect(fetched).toContain(`/${E5_HUB_ID}/resolve/main/${file}`);
      const cached = await readFile(path.join(cacheDir, E5_HUB_ID, file));
      expect(cached.equals(await readFile(path.join(served, E5_HUB_ID, file))), file).toBe(true);
    }

    hub.requests.length = 0;
    const again = await loadEmbedder(hubConfig(cacheDir, true));
    expect(Array.from(await again.embedQuery("hội nghị sơ kết"))).toEqual(Array.from(question));
    await again.dispose();
    expect(hub.requests).toEqual([]);
  });

  it("says where it tried to download from and how to provide the model when the server lacks it", async () => {
    const cacheDir = path.join(scratch, "missing");
    const error = await loadEmbedder({ ...hubConfig(cacheDir), model: "Xenova/no-such-model" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedderLoadError);
    expect((error as Error).message).toContain(hub.url);
    expect((error as Error).message).toContain("npm run model -- pack");
    expect((error as Error).message).toContain("EMBEDDING_MODEL=none");
  });
});

describe("npm run model -- pack / unpack", () => {
  it("packs the files fetched as the bot fetches them with their checksums, and unpacks them into a cache that then loads offline", async () => {
    const archive = path.join(scratch, "e5.tar");
    const packed = await packModel(hubConfig(path.join(scratch, "pack-cache")), archive);
    expect(packed.map((f) => f.path)).toEqual(MODEL_FILES.map((f) => `${E5_HUB_ID}/${f}`));
    // A standard tar: the system's tar lists the same members, checksum list first.
    const { stdout } = await run("tar", ["-tf", archive]);
    expect(stdout.trim().split("\n")).toEqual(["SHA256SUMS", ...packed.map((f) => f.path)]);

    const cacheDir = path.join(scratch, "offline-cache");
    const { model, files } = await unpackModel(archive, cacheDir);
    expect(model).toBe(E5_HUB_ID);
    expect(files.map((f) => f.sha256)).toEqual(packed.map((f) => f.sha256));
    hub.requests.length = 0;
    const embedder = await loadEmbedder({ ...hubConfig(cacheDir, true), remoteHost: "http://127.0.0.1:9" });
    expect(embedder.dimensions).toBe(64);
    await embedder.dispose();
    expect(hub.requests).toEqual([]);
    expect((await readdir(cacheDir)).filter((n) => n.startsWith(".unpack"))).toEqual([]);
  });

  it("refuses a damaged pack, naming the file, and installs nothing", async () => {
    const archive = path.join(scratch, "damaged.tar");
    await packModel(hubConfig(path.join(scratch, "pack-cache")), archive);
    const bytes = await readFile(archive);
    const onnx = (await listTar(archive)).find((e) => e.name.endsWith("model_quantized.onnx"))!;
    const at = onnx.offset + Math.floor(onnx.size / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(archive, bytes);
    const cacheDir = path.join(scratch, "refused");
    const error = await unpackModel(archive, cacheDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelPackError);
    expect((error as Error).message).toContain("onnx/model_quantized.onnx is damaged");
    expect(existsSync(path.join(cacheDir, E5_HUB_ID))).toBe(false);

    const truncated = path.join(scratch, "truncated.tar");
    await writeFile(truncated, bytes.subarray(0, onnx.offset + 100));
    await expect(unpackModel(truncated, cacheDir)).rejects.toThrow(/truncated/);
  });

  it("runs as commands: pack on a connected machine, unpack on one configured offline", async () => {
    const archive = path.join(scratch, "cli.tar");
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", EMBEDDING_MODEL: E5_HUB_ID, SEEDS_DIR: path.join(REPO_ROOT, "seeds") };
    const tsx = path.join(REPO_ROOT, "node_modules/.bin/tsx");
    const cli = path.join(REPO_ROOT, "src/cli/model.ts");
    const pack = await run(tsx, [cli, "pack", archive], { cwd: scratch, env: { ...env, EMBEDDINGS_DIR: path.join(scratch, "cli-online"), EMBEDDING_REMOTE_HOST: hub.url } });
    expect(pack.stdout).toContain(`Packed ${E5_HUB_ID}`);
    const unpack = await run(tsx, [cli, "unpack", archive], { cwd: scratch, env: { ...env, EMBEDDINGS_DIR: path.join(scratch, "cli-offline"), EMBEDDING_OFFLINE: "true" } });
    expect(unpack.stdout).toContain(`Installed ${E5_HUB_ID}`);
    expect(unpack.stdout).toContain("It loads with downloads off");
    expect(existsSync(path.join(scratch, "cli-offline/models", E5_HUB_ID, "onnx/model_quantized.onnx"))).toBe(true);
  }, 120_000);
});
