import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native addons (hnswlib, onnxruntime) are happier in forked processes than in worker threads.
    pool: "forks",
  },
});
