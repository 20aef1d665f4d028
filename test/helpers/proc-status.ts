/** Reads a process's memory figures from /proc/<pid>/status (kB → MB). Linux only. */
import { readFileSync } from "node:fs";

/** Resident set figures of one process, in MB. */
export interface MemoryFigures {
  rssMb: number;
  hwmMb: number;
  anonMb: number;
  fileMb: number;
}

/** Current VmRSS, VmHWM, RssAnon and RssFile of `pid`. */
export function readMemory(pid: number): MemoryFigures {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return {
    rssMb: kb("VmRSS") / 1024,
    hwmMb: kb("VmHWM") / 1024,
    anonMb: kb("RssAnon") / 1024,
    fileMb: kb("RssFile") / 1024,
  };
}
