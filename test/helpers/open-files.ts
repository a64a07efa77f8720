import { readdirSync, readlinkSync } from "node:fs";

/** Whether this platform lists a process's open files in /proc (Linux). */
export const CAN_LIST_OPEN_FILES = process.platform === "linux";

/** The files this process holds open (what /proc/self/fd points to), deleted ones marked " (deleted)". */
export function openFiles(): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // the descriptor readdir itself used, closed since
    }
  });
}

/** The passage files this process holds open. */
export const openPassageFiles = () => openFiles().filter((f) => f.includes("passages.bin"));
