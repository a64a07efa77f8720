/**
 * Replaces npm's portable hnswlib-node addon with one built for this CPU, after checking that it
 * answers exactly as the portable one does. Run by the package's postinstall (see
 * tools/native/build-vector-search.ts), which turns any error into a warning.
 */
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileHash, readBuildRecord, type AddonFiles, type BuildRecord } from "./build-record.ts";
import { compareAnswers, probeAddon } from "./probe.ts";
import { findGyp, rebuildAddon } from "./rebuild.ts";
import { BUILD_ENV, chooseTarget, cxxFlags, type BuildTarget, type Machine } from "./targets.ts";

/** What the installer works on. */
export interface InstallInput {
  files: AddonFiles;
  machine: Machine;
  env: NodeJS.ProcessEnv;
}

/** Installs the chosen build and returns one line saying what is in place; throws when it cannot. */
export function installVectorSearchBuild({ files, machine, env }: InstallInput): string {
  const target = chooseTarget(machine, env[BUILD_ENV]);
  const current = readBuildRecord(files);
  // No valid record: the addon is npm's fresh build, the reference every rebuild is checked against.
  if (!current) copyFileSync(files.addon, files.portable);
  if (current?.target === target) return `hnswlib-node: ${target} build already in place`;
  if (target === "portable") {
    if (current) restorePortable(files);
    return `hnswlib-node: portable build${env[BUILD_ENV] ? ` (${BUILD_ENV}=${env[BUILD_ENV]})` : " (not x86-64 Linux with AVX2)"}`;
  }
  const started = Date.now();
  const scratch = path.join(path.dirname(files.packageDir), ".cache", "hoidap-hnswlib-node");
  try {
    const gyp = findGyp(env);
    if (!gyp) throw new Error("npm's node-gyp was not found");
    const built = rebuildAddon(files.packageDir, scratch, cxxFlags(target), gyp);
    verify(files.portable, built);
    replaceAddon(files, built, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  return `hnswlib-node: ${target} build (${cxxFlags(target)}) installed, same answers as the portable build, ${seconds} s`;
}

/** Throws unless `candidate` loads, runs and answers as `reference` does. */
function verify(reference: string, candidate: string): void {
  const expected = probeAddon(reference);
  if (expected instanceof Error) throw new Error(`the portable build fails its own check: ${expected.message}`);
  const actual = probeAddon(candidate);
  if (actual instanceof Error) throw actual;
  const difference = compareAnswers(expected, actual);
  if (difference) throw new Error(`the new build gives ${difference}`);
}

/** Swaps the addon in by rename, so a process loading it sees the old file or the new, never half. */
function replaceAddon(files: AddonFiles, built: string, target: BuildTarget): void {
  const staged = `${files.addon}.new`;
  copyFileSync(built, staged);
  const record: BuildRecord = {
    target,
    cxxflags: cxxFlags(target),
    builtAt: new Date().toISOString(),
    sha256: fileHash(staged),
    hnswlibNode: (JSON.parse(readFileSync(path.join(files.packageDir, "package.json"), "utf8")) as { version: string }).version,
    node: process.version,
  };
  renameSync(staged, files.addon);
  writeFileSync(files.record, `${JSON.stringify(record, null, 2)}\n`);
}

/** Puts npm's build back (HOIDAP_HNSW_BUILD=portable after a rebuild). */
function restorePortable(files: AddonFiles): void {
  const staged = `${files.addon}.new`;
  copyFileSync(files.portable, staged);
  renameSync(staged, files.addon);
  rmSync(files.record, { force: true });
}
