/**
 * Reads the "SOAK …" lines of a guest console log (test/soak/run.sh) and judges the run: RSS timeline,
 * flat or growing (mean of the last quarter of load samples vs the first quarter after warm-up), the
 * VmRSS and RssAnon slopes and 5-minute intervals (test/soak/soak-trend.ts), the bursts, OOM, readiness
 * and missing replies. Run: `bun test/soak/soak-report.ts console.log`; exit 1 on a failed soak.
 */
import { intervals, type SoakInterval, slopePerHour } from "./soak-trend.ts";

/** One memory sample. `t` is seconds since the driver started (-1 for the final one). */
export interface SoakSample {
  t: number;
  rssKb: number;
  hwmKb: number;
  anonKb: number;
  cgroupBytes: number;
}

/** The verdict of one soak. */
export interface SoakReport {
  ready: boolean;
  startMs: number | undefined;
  samples: SoakSample[];
  trend: "flat" | "growing" | "unknown";
  /** Mean RSS of the first and last quarter of the compared samples, kB. */
  firstQuarterKb: number;
  lastQuarterKb: number;
  /** The same means of RssAnon: VmRSS also moves when the kernel drops and re-reads the binary's pages. */
  anonFirstQuarterKb: number;
  anonLastQuarterKb: number;
  /** Least-squares slopes over the samples after warm-up, kB per hour. */
  rssSlopeKbPerHour: number;
  anonSlopeKbPerHour: number;
  intervals: SoakInterval[];
  /** The driver's "DRIVER BURST" lines as key=value fields. */
  bursts: Record<string, string>[];
  oom: boolean | undefined;
  driver: Record<string, string>;
  repliesOk: boolean;
  done: boolean;
  problems: string[];
}

/** Samples taken before this many seconds of load are warm-up (JIT, caches, first sessions). */
export const WARM_UP_SECONDS = 60;
/** The rise of the last-quarter mean over the first that counts as growth. */
export const GROWTH_LIMIT_KB = 2048;
/** Length of one interval of the per-interval summary. */
export const INTERVAL_SECONDS = 300;

const fields = (line: string): Record<string, string> =>
  Object.fromEntries([...line.matchAll(/([a-z_]+)=(\S+)/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Parses the console text and computes the verdict. */
export function parseSoakLog(text: string): SoakReport {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/\r/g, ""));
  const soak = lines
    .map((line) => line.slice(Math.max(0, line.indexOf("SOAK "))))
    .filter((l) => l.startsWith("SOAK "));
  const readyLine = soak.find((l) => l.startsWith("SOAK READY"));
  const ready = readyLine?.startsWith("SOAK READY yes") === true;
  const startMs = readyLine ? Number(fields(readyLine)["start_ms"]) : undefined;
  const samples: SoakSample[] = soak
    .filter((l) => l.startsWith("SOAK t="))
    .map((l) => {
      const f = fields(l);
      return {
        t: f["t"] === "end" ? -1 : Number(f["t"]),
        rssKb: Number(f["rss_kb"]),
        hwmKb: Number(f["hwm_kb"]),
        anonKb: Number(f["anon_kb"]),
        cgroupBytes: Number(f["cgroup_bytes"]),
      };
    })
    .filter((s) => Number.isFinite(s.rssKb));
  const oomLine = soak.find((l) => l.startsWith("SOAK OOM "));
  const oom = oomLine === undefined ? undefined : oomLine === "SOAK OOM yes";
  const summary = soak.find((l) => l.startsWith("SOAK DRIVER SUMMARY"));
  const driver = summary ? fields(summary) : {};
  const num = (key: string) => Number(driver[key] ?? Number.NaN);
  const bursts = soak.filter((l) => l.startsWith("SOAK DRIVER BURST ")).map(fields);
  // Older drivers had no bursts: their summary has no burst_* keys, which then count as none.
  const burstsOk =
    driver["bursts"] === undefined ||
    (num("burst_replies") === num("burst_sent") &&
      num("burst_mismatched") === 0 &&
      num("burst_errors") === 0);
  const repliesOk =
    burstsOk &&
    summary !== undefined &&
    num("pico_replies") > 0 &&
    num("pico_replies") === num("pico_sent") &&
    num("pico_mismatched") === 0 &&
    num("pico_errors") === 0 &&
    num("maix_answered") > 0 &&
    num("maix_missing") === 0;

  const loaded = samples.filter((s) => s.t >= WARM_UP_SECONDS);
  const quarter = Math.floor(loaded.length / 4);
  const quarters = (values: number[]) => [
    mean(values.slice(0, quarter)),
    mean(values.slice(values.length - quarter)),
  ];
  const [firstQuarterKb = 0, lastQuarterKb = 0] = quarters(loaded.map((s) => s.rssKb));
  const [anonFirstQuarterKb = 0, anonLastQuarterKb = 0] = quarters(loaded.map((s) => s.anonKb));
  const trend =
    quarter === 0 ? "unknown" : lastQuarterKb - firstQuarterKb > GROWTH_LIMIT_KB ? "growing" : "flat";
  const rssSlopeKbPerHour = slopePerHour(loaded.map((s) => ({ t: s.t, value: s.rssKb })));
  const anonSlopeKbPerHour = slopePerHour(loaded.map((s) => ({ t: s.t, value: s.anonKb })));

  const problems: string[] = [];
  if (!ready) problems.push("the gateway never became ready");
  if (oom !== false) problems.push(oom ? "the kernel OOM killer fired" : "no OOM check in the log");
  if (!repliesOk) problems.push("replies were missing, wrong, or the driver summary is absent");
  const done = soak.some((l) => l.startsWith("SOAK DONE"));
  if (!done) problems.push("the guest never printed SOAK DONE");
  return {
    ready,
    startMs,
    samples,
    trend,
    firstQuarterKb,
    lastQuarterKb,
    anonFirstQuarterKb,
    anonLastQuarterKb,
    rssSlopeKbPerHour,
    anonSlopeKbPerHour,
    intervals: intervals(samples, INTERVAL_SECONDS),
    bursts,
    oom,
    driver,
    repliesOk,
    done,
    problems,
  };
}

/** Human-readable report lines. */
export function formatSoakReport(report: SoakReport): string[] {
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  const out = [`ready: ${report.ready ? "yes" : "no"} (systemctl start took ${report.startMs ?? "?"} ms)`];
  out.push("   t(s)   VmRSS MB   VmHWM MB   RssAnon MB   cgroup MB");
  for (const s of report.samples) {
    const t = s.t < 0 ? "end" : String(s.t);
    out.push(
      `${t.padStart(7)} ${mb(s.rssKb).padStart(10)} ${mb(s.hwmKb).padStart(10)} ${mb(s.anonKb).padStart(12)} ${(s.cgroupBytes / 1048576).toFixed(1).padStart(11)}`,
    );
  }
  out.push(
    `trend: ${report.trend} (mean VmRSS after ${WARM_UP_SECONDS} s warm-up: first quarter ${mb(report.firstQuarterKb)} MB, last quarter ${mb(report.lastQuarterKb)} MB; growing if > ${GROWTH_LIMIT_KB / 1024} MB higher)`,
  );
  out.push(
    `RssAnon over the same quarters: ${mb(report.anonFirstQuarterKb)} MB → ${mb(report.anonLastQuarterKb)} MB; peak VmHWM ${mb(Math.max(0, ...report.samples.map((s) => s.hwmKb)))} MB`,
  );
  const first = report.samples.find((s) => s.t >= 0);
  const last = report.samples.find((s) => s.t < 0) ?? report.samples.at(-1);
  if (first && last) {
    out.push(
      `start → end: VmRSS ${mb(first.rssKb)} → ${mb(last.rssKb)} MB, RssAnon ${mb(first.anonKb)} → ${mb(last.anonKb)} MB, VmHWM ${mb(first.hwmKb)} → ${mb(last.hwmKb)} MB`,
    );
  }
  out.push(
    `slope after warm-up (least squares): VmRSS ${(report.rssSlopeKbPerHour / 1024).toFixed(2)} MB/h, RssAnon ${(report.anonSlopeKbPerHour / 1024).toFixed(2)} MB/h`,
  );
  out.push(`per ${INTERVAL_SECONDS / 60} min:   VmRSS mean/max MB   RssAnon mean/max MB   VmHWM MB`);
  for (const i of report.intervals) {
    const span = `${i.fromS}-${i.toS}s`.padEnd(12);
    out.push(
      `  ${span} ${`${mb(i.rssMeanKb)} / ${mb(i.rssMaxKb)}`.padStart(15)} ${`${mb(i.anonMeanKb)} / ${mb(i.anonMaxKb)}`.padStart(21)} ${mb(i.hwmKb).padStart(10)}`,
    );
  }
  for (const b of report.bursts) {
    out.push(
      `burst ${b["n"]} at ${b["at_s"]} s: ${b["clients"]} connections, ${b["replies"]}/${b["sent"]} replies, ${b["errors"]} errors, ${b["seconds"]} s (${b["replies_per_s"]}/s)`,
    );
  }
  out.push(`OOM: ${report.oom === undefined ? "unknown" : report.oom ? "yes" : "no"}`);
  out.push(
    `driver: ${
      Object.entries(report.driver)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ") || "(no summary)"
    }`,
  );
  out.push(report.problems.length === 0 ? "verdict: PASS" : `verdict: FAIL: ${report.problems.join("; ")}`);
  return out;
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: soak-report.ts CONSOLE_LOG");
    process.exit(2);
  }
  const report = parseSoakLog(await Bun.file(file).text());
  for (const line of formatSoakReport(report)) console.log(line);
  process.exit(report.problems.length === 0 ? 0 : 1);
}
