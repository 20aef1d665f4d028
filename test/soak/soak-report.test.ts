/** The soak verdict from a console log: trend, OOM, readiness and reply accounting. */
import { describe, expect, test } from "bun:test";
import { formatSoakReport, parseSoakLog } from "./soak-report.ts";

const summary =
  "SOAK DRIVER SUMMARY seconds=300.0 pico_clients=4 pico_sent=100 pico_replies=100 pico_mismatched=0 pico_errors=0" +
  " pico_connects=8 maix_devices=2 maix_sent=50 maix_answered=50 maix_missing=0 maix_commands=100 maix_errors=0";

/** A console log with samples every 15 s whose RSS is `rss(t)` kB, with kernel noise and CRs around it. */
function log(rss: (t: number) => number, extra: { ready?: boolean; oom?: boolean; summary?: string } = {}) {
  const lines = ["[   27.1] systemd[1]: Starting soak-run.service", "SOAK BEGIN minutes=5"];
  lines.push(
    extra.ready === false
      ? "SOAK READY no start_ms=60000 state=failed"
      : "SOAK READY yes start_ms=8496 state=active",
  );
  for (let t = 0; t <= 300; t += 15) {
    lines.push(
      `SOAK t=${t} rss_kb=${rss(t)} hwm_kb=40000 anon_kb=10000 file_kb=12000 cgroup_bytes=26812416\r`,
    );
  }
  lines.push(`SOAK t=end rss_kb=${rss(300)} hwm_kb=40000 anon_kb=10000 file_kb=12000 cgroup_bytes=1`);
  lines.push(extra.summary ?? summary, `SOAK OOM ${extra.oom ? "yes" : "no"}`, "SOAK DONE uptime=400");
  return lines.join("\r\n");
}

describe("parseSoakLog", () => {
  test("steady memory after warm-up is flat and passes", () => {
    const report = parseSoakLog(log((t) => (t < 60 ? 20_000 + t * 100 : 30_000 + (t % 30 === 0 ? 500 : 0))));
    expect(report.trend).toBe("flat");
    expect(report.samples).toHaveLength(22);
    expect(report.startMs).toBe(8496);
    expect(report.problems).toEqual([]);
    expect(formatSoakReport(report).at(-1)).toBe("verdict: PASS");
  });

  test("a rise of more than 2 MB between the first and last quarter is growing", () => {
    const report = parseSoakLog(log((t) => 30_000 + t * 20));
    expect(report.trend).toBe("growing");
    expect(report.lastQuarterKb - report.firstQuarterKb).toBeGreaterThan(2048);
  });

  test("OOM, a gateway that never got ready and missing replies each fail the soak", () => {
    const missing = summary.replace("maix_missing=0", "maix_missing=3");
    const report = parseSoakLog(log(() => 30_000, { ready: false, oom: true, summary: missing }));
    expect(report.oom).toBe(true);
    expect(report.ready).toBe(false);
    expect(report.repliesOk).toBe(false);
    expect(report.problems).toHaveLength(3);
  });

  test("bursts are listed, their replies counted, and a burst with errors fails the soak", () => {
    const bursts = `${summary} bursts=2 burst_sent=600 burst_replies=600 burst_mismatched=0 burst_errors=0`;
    const line =
      "SOAK DRIVER BURST n=1 at_s=120 clients=100 sent=300 replies=300 errors=0 seconds=80.0 replies_per_s=3.75";
    const ok = parseSoakLog(log((t) => 30_000 + t, { summary: `${line}\n${bursts}` }));
    expect(ok.bursts).toEqual([expect.objectContaining({ n: "1", at_s: "120", replies: "300" })]);
    expect(ok.repliesOk).toBe(true);
    expect(ok.rssSlopeKbPerHour).toBeCloseTo(3600, 0);
    expect(formatSoakReport(ok)).toContain(
      "burst 1 at 120 s: 100 connections, 300/300 replies, 0 errors, 80.0 s (3.75/s)",
    );
    const failed = parseSoakLog(
      log(() => 30_000, { summary: bursts.replace("burst_replies=600", "burst_replies=590") }),
    );
    expect(failed.repliesOk).toBe(false);
  });

  test("a log cut off before the end fails", () => {
    const cut = log(() => 30_000).split("SOAK OOM")[0] ?? "";
    const report = parseSoakLog(cut);
    expect(report.done).toBe(false);
    expect(report.problems).toContain("no OOM check in the log");
  });
});
