/**
 * The record kept next to hnswlib-node's addon saying which build it is, and the line the bench
 * prints from it ("hnswlib-node: x86-64-v3 build").
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { BuildTarget } from "./targets.ts";

/** What was built, written as JSON beside the addon it describes. */
export interface BuildRecord {
  target: BuildTarget;
  cxxflags: string;
  /** ISO date of the build. */
  builtAt: string;
  /** sha256 of the addon; a record whose addon was since replaced (npm rebuild) no longer applies. */
  sha256: string;
  hnswlibNode: string;
  node: string;
}

/** Files of one hnswlib-node package that the installer reads and writes. */
export interface AddonFiles {
  packageDir: string;
  /** The addon hnswlib-node loads. */
  addon: string;
  /** npm's own (SSE) build, kept to verify against and to go back to. */
  portable: string;
  record: string;
}

/** The hnswlib-node package this code loads (or the one in `packageDir`). */
export function addonFiles(packageDir = defaultPackageDir()): AddonFiles {
  const release = path.join(packageDir, "build", "Release");
  return {
    packageDir,
    addon: path.join(release, "addon.node"),
    portable: path.join(release, "addon.portable.node"),
    record: path.join(release, "hoidap-build.json"),
  };
}

function defaultPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("hnswlib-node/package.json"));
}

/** sha256 of a file, hex. */
export function fileHash(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** The record of the addon in place, or undefined when it is npm's portable build (or unrecorded). */
export function readBuildRecord(files: AddonFiles): BuildRecord | undefined {
  if (!existsSync(files.record) || !existsSync(files.addon)) return undefined;
  try {
    const record = JSON.parse(readFileSync(files.record, "utf8")) as BuildRecord;
    return record.sha256 === fileHash(files.addon) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** "hnswlib-node: x86-64-v3 build" (or "portable build"), for the bench report. */
export function describeVectorSearchBuild(files: AddonFiles = addonFiles()): string {
  return `hnswlib-node: ${readBuildRecord(files)?.target ?? "portable"} build`;
}
