/**
 * Memory trend statistics of a soak: a least-squares slope (MB per hour) and per-interval summaries of
 * the gateway's VmRSS, VmHWM and RssAnon samples.
 */
import type { SoakSample } from "./soak-report.ts";

/** Least-squares slope of `value` over `t`, in units of `value` per hour; 0 with fewer than two points. */
export function slopePerHour(points: { t: number; value: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanT = points.reduce((a, p) => a + p.t, 0) / n;
  const meanV = points.reduce((a, p) => a + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - meanT) * (p.value - meanV);
    den += (p.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3600;
}

/** One interval of samples. */
export interface SoakInterval {
  fromS: number;
  toS: number;
  samples: number;
  rssMeanKb: number;
  rssMaxKb: number;
  anonMeanKb: number;
  anonMaxKb: number;
  /** VmHWM at the interval's last sample. */
  hwmKb: number;
}

/** Groups the timed samples (t ≥ 0) into consecutive intervals of `seconds`. */
export function intervals(samples: SoakSample[], seconds: number): SoakInterval[] {
  const groups = new Map<number, SoakSample[]>();
  for (const s of samples) {
    if (s.t < 0) continue;
    const key = Math.floor(s.t / seconds);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, group]) => ({
      fromS: key * seconds,
      toS: (key + 1) * seconds,
      samples: group.length,
      rssMeanKb: group.reduce((a, s) => a + s.rssKb, 0) / group.length,
      rssMaxKb: Math.max(...group.map((s) => s.rssKb)),
      anonMeanKb: group.reduce((a, s) => a + s.anonKb, 0) / group.length,
      anonMaxKb: Math.max(...group.map((s) => s.anonKb)),
      hwmKb: group.at(-1)?.hwmKb ?? 0,
    }));
}
