import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTarget } from "../../../tools/native/mod.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const require = createRequire(import.meta.url);
const REAL_PACKAGE = path.dirname(require.resolve("hnswlib-node/package.json"));
// Inside node_modules, as the real package is, so binding.gyp finds node-addon-api.
const SCRATCH = path.join(path.dirname(REAL_PACKAGE), ".cache", `hoidap-test-${process.pid}`);
const PACKAGE = path.join(SCRATCH, "hnswlib-node");
const ADDON = path.join(PACKAGE, "build", "Release", "addon.node");

const V3_FLAGS = "flags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 bmi1 bmi2 f16c fma abm movbe xsave popcnt\n";

describe("choice of build", () => {
  const linux = (cpuinfo: string) => ({ platform: "linux" as const, arch: "x64", cpuinfo });

  it("builds for x86-64-v3 on an AVX2 server, and keeps npm's build elsewhere", () => {
    expect(chooseTarget(linux(V3_FLAGS), undefined)).toBe("x86-64-v3");
    expect(chooseTarget(linux(V3_FLAGS.replace(" avx2", "")), undefined)).toBe("portable");
    expect(chooseTarget({ platform: "linux", arch: "arm64", cpuinfo: "" }, undefined)).toBe("portable");
    expect(chooseTarget({ platform: "darwin", arch: "x64", cpuinfo: "" }, "")).toBe("portable");
  });

  it("follows HOIDAP_HNSW_BUILD and rejects a value it does not know", () => {
    expect(chooseTarget(linux(V3_FLAGS), "portable")).toBe("portable");
    expect(chooseTarget(linux(""), "x86-64-v4")).toBe("x86-64-v4");
    expect(() => chooseTarget(linux(V3_FLAGS), "fast")).toThrow(/HOIDAP_HNSW_BUILD=fast/);
  });
});

describe("postinstall rebuild", () => {
  beforeAll(async () => {
    await mkdir(SCRATCH, { recursive: true });
    await cp(REAL_PACKAGE, PACKAGE, { recursive: true });
    // As npm leaves it: the postinstall may already have swapped this checkout's addon for a rebuild.
    const release = path.dirname(ADDON);
    await cp(path.join(release, "addon.portable.node"), ADDON).catch(() => undefined);
    await rm(path.join(release, "hoidap-build.json"), { force: true });
  });
  afterAll(() => rm(SCRATCH, { recursive: true, force: true }));

  it("exits 0 with one line and a working portable addon when the compiler is missing", async () => {
    const before = await readFile(ADDON);
    const { stderr } = await run(process.execPath, ["--import", "tsx", "tools/native/build-vector-search.ts", "--package", PACKAGE], {
      cwd: ROOT,
      env: { ...process.env, CXX: "/nonexistent/g++", HOIDAP_HNSW_BUILD: "x86-64-v3" },
    });
    expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(/^hnswlib-node: portable build kept \(node-gyp failed: .+\)/)]);
    expect((await readFile(ADDON)).equals(before)).toBe(true);
    const { HierarchicalNSW } = require(PACKAGE) as typeof import("hnswlib-node");
    const index = new HierarchicalNSW("cosine", 3);
    index.initIndex(2);
    index.addPoint([1, 0, 0], 0);
    index.addPoint([0, 1, 0], 1);
    expect(index.searchKnn([0.9, 0.1, 0], 1).neighbors).toEqual([0]);
  });
});
