/**
 * `npm run build-vector-search [-- --package DIR]`, also the package's postinstall.
 *
 * Rebuilds hnswlib-node for this CPU (x86-64-v3 on AVX2 machines; HOIDAP_HNSW_BUILD=portable|
 * x86-64-v3|x86-64-v4|native overrides) and installs it only if it answers as npm's build does.
 * Always exits 0: a faster search is not worth a failed install, so any failure leaves npm's
 * portable build in place and prints one line on stderr.
 */
import { existsSync, readFileSync } from "node:fs";
import { arch, platform } from "node:process";
import { parseArgs } from "node:util";
import { addonFiles, describeVectorSearchBuild } from "./build-record.ts";
import { installVectorSearchBuild } from "./install.ts";
import { BUILD_ENV } from "./targets.ts";

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];

const { values } = parseArgs({ options: { package: { type: "string" } }, strict: false });
const packageDir = typeof values.package === "string" ? values.package : undefined;
try {
  const files = addonFiles(packageDir);
  try {
    const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
    console.error(installVectorSearchBuild({ files, machine: { platform, arch, cpuinfo }, env: process.env }));
  } catch (error) {
    // The addon in place was not touched: say which build that is, and why it stays.
    console.error(`${describeVectorSearchBuild(files)} kept (${firstLine(error)}); ${BUILD_ENV}=portable skips the rebuild`);
  }
} catch (error) {
  console.error(`hnswlib-node: not rebuilt (${firstLine(error)})`);
}
process.exitCode = 0;
