/**
 * The install's CPU check on recorded /proc/cpuinfo flag lines and dynamic-loader answers. The
 * samples are the "flags" lines as Linux prints them (recorded on the machines named), trimmed of
 * nothing: the check must read them as they come.
 */
import { describe, expect, it } from "vitest";
import { automaticChoice, chooseTarget, loaderLevels } from "../../../tools/native/mod.ts";

const SAMPLES = {
  /** The development VM (AMD EPYC under a hypervisor): AVX-512, but no "abm" although LZCNT works. */
  epycVm:
    "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext lm constant_tsc rep_good nopl xtopology tsc_reliable nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cr8_legacy misalignsse 3dnowprefetch topoext pti        vmmcall bmi1 avx2 bmi2 erms avx512f avx512dq adx avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 avx_vnni avx512_bf16 clzero xsaveerptr arat avx512vbmi avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq movdiri movdir64b fsrm avx512_vp2intersect\n",
  /** A Haswell server: the whole of x86-64-v3, LZCNT listed as "abm". */
  haswell:
    "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm cpuid_fault epb invpcid_single pti intel_ppin ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm xsaveopt cqm_llc cqm_occup_llc dtherm ida arat pln pts md_clear flush_l1d\n",
  /** A Sandy Bridge desktop: AVX but no AVX2, FMA or BMI. */
  sandyBridge:
    "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx rdtscp lm constant_tsc arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx est tm2 ssse3 cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx lahf_lm epb pti tpr_shadow vnmi flexpriority ept vpid xsaveopt dtherm ida arat pln pts\n",
};

/** `ld-linux-x86-64.so.2 --help` as glibc 2.36 prints it (the lines the check reads), for a CPU at `level`. */
function loaderHelp(level: 2 | 3 | 4): string {
  const line = (v: number) => `  x86-64-v${v}${v <= level ? " (supported, searched)" : ""}`;
  return [
    "Usage: /lib64/ld-linux-x86-64.so.2 [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]",
    "  --glibc-hwcaps-prepend LIST",
    "                        search glibc-hwcaps subdirectories in LIST",
    "Subdirectories of glibc-hwcaps directories, in priority order:",
    line(4),
    line(3),
    line(2),
    "",
    "Legacy HWCAP subdirectories under library search path directories:",
    "  haswell (AT_PLATFORM; supported, searched)",
  ].join("\n");
}

const linux = (cpuinfo: string, help?: string) => ({ platform: "linux" as const, arch: "x64", cpuinfo, loaderLevels: help === undefined ? undefined : loaderLevels(help) });

describe("the install's CPU check", () => {
  it("reads the levels the dynamic loader marks supported", () => {
    expect(loaderLevels(loaderHelp(4))).toEqual(["x86-64-v4", "x86-64-v3", "x86-64-v2"]);
    expect(loaderLevels(loaderHelp(2))).toEqual(["x86-64-v2"]);
    expect(loaderLevels("ld.so (GNU libc) 2.31: no hwcaps list")).toBeUndefined();
  });

  it("builds for x86-64-v3 on the VM whose flags lack abm, because the loader says the CPU supports it", () => {
    expect(automaticChoice(linux(SAMPLES.epycVm, loaderHelp(4)))).toEqual({ target: "x86-64-v3", reason: "the dynamic loader reports x86-64-v3 support" });
    expect(chooseTarget(linux(SAMPLES.epycVm, loaderHelp(4)), undefined)).toBe("x86-64-v3");
  });

  it("without the loader, keeps the portable build on that VM and names the flag it misses", () => {
    expect(automaticChoice(linux(SAMPLES.epycVm))).toEqual({ target: "portable", reason: "/proc/cpuinfo lacks abm (LZCNT) (needed for x86-64-v3)" });
  });

  it("builds for x86-64-v3 from the flags alone on a Haswell server", () => {
    expect(automaticChoice(linux(SAMPLES.haswell)).target).toBe("x86-64-v3");
    expect(automaticChoice(linux(SAMPLES.haswell, loaderHelp(3))).target).toBe("x86-64-v3");
  });

  it("keeps the portable build on a CPU without AVX2 and lists what it lacks", () => {
    expect(automaticChoice(linux(SAMPLES.sandyBridge))).toEqual({ target: "portable", reason: "/proc/cpuinfo lacks avx2, bmi1, bmi2, f16c, fma, abm (LZCNT), movbe (needed for x86-64-v3)" });
    expect(automaticChoice(linux(SAMPLES.sandyBridge, loaderHelp(2)))).toEqual({
      target: "portable",
      reason: "the dynamic loader reports no x86-64-v3 support; /proc/cpuinfo lacks avx2, bmi1, bmi2, f16c, fma, abm (LZCNT), movbe",
    });
  });

  it("keeps the portable build off x86-64 Linux", () => {
    expect(automaticChoice({ platform: "linux", arch: "arm64", cpuinfo: "" })).toEqual({ target: "portable", reason: "not x86-64 Linux (linux arm64)" });
  });
});
