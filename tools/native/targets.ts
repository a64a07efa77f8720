/**
 * Which instruction set the vector-search addon is compiled for.
 *
 * hnswlib chooses its distance kernels at compile time (__AVX__, __AVX512F__), and hnswlib-node's
 * binding.gyp passes no -m flag, so the build npm makes uses SSE only. A build for the CPU's
 * level makes searchKnn about 1.6× faster with the same results (figures in the bench).
 */

/** A build the installer can make. "portable" is the one npm built; the others are rebuilt. */
export type BuildTarget = "portable" | "x86-64-v3" | "x86-64-v4" | "native";

/** Values of {@link BUILD_ENV}. "auto" picks from the CPU. */
export const BUILD_CHOICES = ["auto", "portable", "x86-64-v3", "x86-64-v4", "native"] as const;

/** Environment variable that overrides the automatic choice (e.g. HOIDAP_HNSW_BUILD=portable). */
export const BUILD_ENV = "HOIDAP_HNSW_BUILD";

/**
 * /proc/cpuinfo flags each x86-64 level needs (psABI levels; "abm" is how Linux names LZCNT).
 * v3 is the default because it runs on any AVX2 server, so an image built on one runs on another.
 */
const LEVEL_FLAGS: Record<"x86-64-v3" | "x86-64-v4", readonly string[]> = {
  "x86-64-v3": ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"],
  "x86-64-v4": ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
};

/** The machine the install runs on. */
export interface Machine {
  platform: NodeJS.Platform;
  arch: string;
  /** Contents of /proc/cpuinfo ("" where there is none). */
  cpuinfo: string;
}

/** The CPU feature flags listed in /proc/cpuinfo (first "flags" line; all cores are alike). */
function cpuFlags(cpuinfo: string): Set<string> {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? "";
  return new Set(line.trim().split(/\s+/).filter(Boolean));
}

/** Compiler flags for a target (none for the portable build, which is not rebuilt). */
export function cxxFlags(target: BuildTarget): string {
  return target === "portable" ? "" : `-march=${target}`;
}

/**
 * What "auto" means on this machine: x86-64-v3 on x86-64 Linux with AVX2 and FMA, else portable.
 * Not v4 even with AVX-512 (measured ~20% faster again than v3): a v4 build in an image moved to an
 * AVX2-only server would die at load, and only the install-time check would have caught it.
 */
function automaticTarget(machine: Machine): BuildTarget {
  if (machine.platform !== "linux" || machine.arch !== "x64") return "portable";
  const flags = cpuFlags(machine.cpuinfo);
  return LEVEL_FLAGS["x86-64-v3"].every((f) => flags.has(f)) ? "x86-64-v3" : "portable";
}

/**
 * The target to build: the override when it names one, the automatic choice otherwise.
 * Throws on an unknown override, so a typo is reported rather than silently ignored.
 */
export function chooseTarget(machine: Machine, override: string | undefined): BuildTarget {
  const choice = (override ?? "").trim() || "auto";
  if (!(BUILD_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(`${BUILD_ENV}=${choice} is not one of ${BUILD_CHOICES.join(", ")}`);
  }
  return choice === "auto" ? automaticTarget(machine) : (choice as BuildTarget);
}
