import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EmbedderLoadError, loadEmbedder } from "../../src/embed/mod.ts";
import { E5_HUB_ID, getTestModelDir, testEmbeddingConfig } from "../helpers/test-model.ts";

async function loadFailure(config: Parameters<typeof loadEmbedder>[0]): Promise<EmbedderLoadError> {
  const error = await loadEmbedder(config).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbedderLoadError);
  return error as EmbedderLoadError;
}

describe("loading a model that is not there", () => {
  let scratch: string;
  let modelDir: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "hoidap-embed-"));
    modelDir = await getTestModelDir();
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("names a missing local directory and the docs page, without touching the network", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const missing = path.join(scratch, "no-such-model");
    const error = await loadFailure({ ...testEmbeddingConfig(missing), offline: false });
    expect(error.message).toContain(missing);
    expect(error.message).toContain("does not exist");
    expect(error.message).toContain("docs/offline.md ('Running offline')");
    expect(error.message).toContain("EMBEDDING_MODEL");
    expect(error.message).not.toMatch(/\n\s+at /); // no stack trace in the message
    expect(error.model).toBe(missing);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("names the file a local directory lacks", async () => {
    const partial = path.join(scratch, "partial-model");
    await cp(modelDir, partial, { recursive: true });
    await rm(path.join(partial, "onnx/model.onnx"));
    const error = await loadFailure({ ...testEmbeddingConfig(partial), quantized: false });
    expect(error.message).toContain(`${partial} lacks onnx/model.onnx (`); // only what is actually missing
    // The quantized file is still there, so the default setting loads.
    const embedder = await loadEmbedder(testEmbeddingConfig(partial));
    await embedder.dispose();
  });

  it("reports a corrupt model file as unreadable, keeping the library's error as the cause", async () => {
    const broken = path.join(scratch, "broken-model");
    await cp(modelDir, broken, { recursive: true });
    await rm(path.join(broken, "onnx/model_quantized.onnx"));
    await cp(path.join(broken, "config.json"), path.join(broken, "onnx/model_quantized.onnx"));
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = await loadFailure(testEmbeddingConfig(broken));
    expect(error.message).toContain(broken);
    expect(error.message).toContain("could not be read as a model");
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("offline, names the hub model, the cache directory it looked in and that downloads are off", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const cacheDir = path.join(scratch, "empty-cache");
    const error = await loadFailure({ ...testEmbeddingConfig(""), model: "Xenova/multilingual-e5-small", cacheDir });
    expect(error.message).toContain('"Xenova/multilingual-e5-small"');
    expect(error.message).toContain(path.join(cacheDir, "Xenova", "multilingual-e5-small"));
    expect(error.message).toContain("EMBEDDING_OFFLINE=true");
    expect(error.message).toContain("docs/offline.md ('Running offline')");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("offline, loads a hub model that is already in the cache directory", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const cacheDir = path.join(scratch, "filled-cache");
    await mkdir(path.join(cacheDir, "Xenova"), { recursive: true });
    await cp(modelDir, path.join(cacheDir, E5_HUB_ID), { recursive: true });
    // Loaded at the same time as a local directory: transformers.js settings are process-wide, so
    // the two loads must not see each other's.
    const [fromCache, fromDir] = await Promise.all([
      loadEmbedder({ ...testEmbeddingConfig(""), model: E5_HUB_ID, cacheDir }),
      loadEmbedder(testEmbeddingConfig(modelDir)),
    ]);
    try {
      expect(fromCache.dimensions).toBe(64);
      expect(Array.from(await fromCache.embedQuery("Công an tỉnh"))).toEqual(Array.from(await fromDir.embedQuery("Công an tỉnh")));
    } finally {
      await fromCache.dispose();
      await fromDir.dispose();
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
