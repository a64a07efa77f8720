import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../../src/embed/mod.ts";
import { getTestModelDir, testEmbeddingConfig } from "../helpers/test-model.ts";

const TEXTS = [
  "Đoàn giám sát việc thực hiện Nghị quyết 25 của Ban Dân vận Tỉnh ủy đã làm việc với Công an tỉnh.",
  "Mô hình Tiếng kẻng an ninh được duy trì ở huyện Thanh Sơn, tỉnh Phú Thọ.",
  "hội nghị",
  "Phong trào toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư được triển khai rộng khắp trên địa bàn tỉnh",
  "",
];

/**
 * Whether this thread was free while the passages were embedded: a timer set just before fires
 * before the call returns only if the model ran elsewhere (onnxruntime runs synchronously here).
 */
async function threadStayedFree(embedder: Embedder, texts: readonly string[]): Promise<boolean> {
  let fired = false;
  const timer = setTimeout(() => (fired = true), 0);
  await embedder.embedPassages(texts);
  clearTimeout(timer);
  return fired;
}

describe("passage embedding in a worker thread", () => {
  let main: Embedder;
  let worker: Embedder;
  beforeAll(async () => {
    const config = testEmbeddingConfig(await getTestModelDir());
    main = await loadEmbedder(config);
    worker = await loadEmbedder(config, { passages: "worker" });
  });
  afterAll(async () => {
    await main?.dispose();
    await worker?.dispose();
  });

  it("leaves this thread free once the worker is up, and gives the same vectors as the main thread", async () => {
    // Until the worker has loaded its model, batches run here: the first calls must still work.
    const early = await worker.embedPassages(TEXTS);
    expect(early).toHaveLength(TEXTS.length);
    let free = false;
    for (let i = 0; i < 300 && !free; i++) {
      free = await threadStayedFree(worker, TEXTS);
      if (!free) await sleep(100);
    }
    expect(free).toBe(true);

    const expected = await main.embedPassages(TEXTS);
    const got = await worker.embedPassages(TEXTS);
    for (const [i, v] of got.entries()) expect(Array.from(v)).toEqual(Array.from(expected[i]!).map((x) => expect.closeTo(x, 6)));
    expect(Array.from(await worker.embedQuery("hội nghị"))).toEqual(Array.from(await main.embedQuery("hội nghị")).map((x) => expect.closeTo(x, 6)));
  });

  it("keeps the main thread's embedding blocking (the behaviour the worker exists to avoid)", async () => {
    expect(await threadStayedFree(main, TEXTS)).toBe(false);
  });
});
