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
  /**
   * The x86-64 levels the dynamic loader finds the CPU supports (it asks CPUID itself), from
   * `ld-linux-x86-64.so.2 --help`; undefined when it could not be asked (musl, an old glibc).
   */
  loaderLevels?: readonly string[];
}

/**
 * The levels `ld-linux-x86-64.so.2 --help` (glibc 2.33+) marks "supported" in its glibc-hwcaps
 * list, e.g. ["x86-64-v4", "x86-64-v3", "x86-64-v2"]; undefined when the text has no such list.
 */
export function loaderLevels(helpText: string): string[] | undefined {
  if (!/glibc-hwcaps/.test(helpText)) return undefined;
  return [...helpText.matchAll(/^\s+(x86-64-v\d)\s+\(([^)]*)\)/gm)].filter((m) => /\bsupported\b/.test(m[2]!)).map((m) => m[1]!);
}

/** Why the automatic choice is what it is, for the install's one line. */
export interface TargetChoice {
  target: BuildTarget;
  reason: string;
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
 * What "auto" means on this machine: x86-64-v3 where the CPU supports it, else portable.
 * The dynamic loader's answer comes first: it reads CPUID, whereas /proc/cpuinfo's flag names are
 * what the kernel (or a hypervisor) chose to list — a VM here lists no "abm" although LZCNT works
 * and the loader reports x86-64-v4. The flag names decide only when the loader cannot be asked
 * (LZCNT counts when listed as "abm" or "lzcnt"), and a portable choice names the flags missing.
 * Not v4 even with AVX-512 (measured ~20% faster again than v3): a v4 build in an image moved to an
 * AVX2-only server would die at load, and only the install-time check would have caught it.
 */
export function automaticChoice(machine: Machine): TargetChoice {
  if (machine.platform !== "linux" || machine.arch !== "x64") return { target: "portable", reason: `not x86-64 Linux (${machine.platform} ${machine.arch})` };
  const flags = cpuFlags(machine.cpuinfo);
  if (flags.has("lzcnt")) flags.add("abm");
  const missing = LEVEL_FLAGS["x86-64-v3"].filter((f) => !flags.has(f)).map((f) => (f === "abm" ? "abm (LZCNT)" : f));
  if (machine.loaderLevels !== undefined) {
    if (machine.loaderLevels.includes("x86-64-v3")) return { target: "x86-64-v3", reason: "the dynamic loader reports x86-64-v3 support" };
    const missed = missing.length > 0 ? `; /proc/cpuinfo lacks ${missing.join(", ")}` : "";
    return { target: "portable", reason: `the dynamic loader reports no x86-64-v3 support${missed}` };
  }
  if (missing.length === 0) return { target: "x86-64-v3", reason: "/proc/cpuinfo lists every x86-64-v3 flag" };
  return { target: "portable", reason: `/proc/cpuinfo lacks ${missing.join(", ")} (needed for x86-64-v3)` };
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
  return choice === "auto" ? automaticChoice(machine).target : (choice as BuildTarget);
}
