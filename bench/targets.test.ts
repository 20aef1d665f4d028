/** The benchmark's rows: the targets, judged from the figures; n/a where a figure is missing. */
import { describe, expect, test } from "bun:test";
import { type BenchFigures, benchRows, formatTable, type Memory, type Row } from "./targets.ts";

const mem = (rss: number, hwm: number, anon: number): Memory => ({ rss, hwm, anon });

/** Figures that meet every target, each at its limit; tests change one at a time. */
function figures(): BenchFigures {
  return {
    startMs: { picoclaw: 40, picoclawPlain: 90, floor: 10 },
    idle: { picoclaw: mem(32, 33, 8), floor: mem(20, 20, 2) },
    idleMqtt: mem(40, 40, 12),
    afterBurst: { picoclaw: mem(40, 50, 20), floor: mem(22, 25, 4) },
    end: { picoclaw: mem(41, 52, 20.5), floor: mem(22, 25, 4) },
    burstMessages: { picoclaw: 10_000, floor: 10_000 },
    totalMessages: { picoclaw: 100_000, floor: 100_000 },
    throughput: { picoclaw: 2_000, floor: 60_000 },
    latencyMs: { picoclaw: { p50: 2, p99: 10 }, floor: { p50: 0.2, p99: 0.7 } },
    binaryBytes: { picoclaw: 108 * 1024 * 1024, floor: 104 * 1024 * 1024 },
  };
}

const row = (rows: Row[], prefix: string): Row => {
  const found = rows.find((r) => r.name.startsWith(prefix));
  if (!found) throw new Error(`no row starting with "${prefix}"`);
  return found;
};

describe("benchRows", () => {
  test("figures at every limit meet every target", () => {
    const rows = benchRows(figures());
    const judged = rows.filter((r) => r.met !== undefined);
    expect(judged.map((r) => r.name.split(",")[0])).toEqual([
      "start → ready",
      "idle VmRSS",
      "idle RssAnon",
      "idle VmRSS / RssAnon",
      "peak VmHWM",
      "VmRSS growth",
      "relay throughput",
      "message → reply latency p50 / p99",
      "binary size",
    ]);
    expect(judged.every((r) => r.met === true)).toBe(true);
  });

  test("states the issue's targets", () => {
    const rows = benchRows(figures());
    expect(row(rows, "idle VmRSS, MB").target).toBe("≤ 1.6x floor");
    expect(row(rows, "idle RssAnon").target).toBe("≤ floor + 6 MB");
    expect(row(rows, "peak VmHWM").target).toBe("≤ 2x floor");
    expect(row(rows, "VmRSS growth").target).toBe("≤ 1 MB over 100k");
    expect(row(rows, "relay throughput").target).toBe("≥ 2,000 msg/s");
    expect(row(rows, "message → reply").target).toBe("p99 ≤ 10 ms");
  });

  test("each target fails just past its limit", () => {
    const cases: [string, (f: BenchFigures) => void][] = [
      ["idle VmRSS, MB", (f) => (f.idle.picoclaw.rss = 32.1)],
      ["idle RssAnon", (f) => (f.idle.picoclaw.anon = 8.1)],
      ["peak VmHWM", (f) => (f.afterBurst.picoclaw.hwm = 50.1)],
      ["VmRSS growth", (f) => (f.end.picoclaw.rss = 41.1)],
      ["relay throughput", (f) => (f.throughput.picoclaw = 1_999)],
      ["message → reply", (f) => (f.latencyMs.picoclaw.p99 = 10.1)],
    ];
    for (const [prefix, change] of cases) {
      const f = figures();
      change(f);
      expect({ prefix, met: row(benchRows(f), prefix).met }).toEqual({ prefix, met: false });
    }
  });

  test("shows RssAnon beside VmRSS and VmHWM after the burst and at the end", () => {
    const rows = benchRows(figures());
    expect(row(rows, "  after the burst").picoclaw).toBe("40.0 / 50.0 / 20.0");
    expect(row(rows, "  at the end").floor).toBe("22.0 / 25.0 / 4.0");
    expect(row(rows, "  RssAnon growth").picoclaw).toBe("0.5");
    expect(row(rows, "idle RssAnon").ratio).toBe("+6.0 MB");
  });

  test("does not judge growth below 100k messages, nor a figure that is missing", () => {
    const f = figures();
    f.totalMessages.picoclaw = 10_000;
    f.idleMqtt = mem(Number.NaN, Number.NaN, Number.NaN);
    f.idle.floor.anon = Number.NaN;
    const rows = benchRows(f);
    expect(row(rows, "VmRSS growth").met).toBeUndefined();
    expect(row(rows, "idle VmRSS / RssAnon").met).toBeUndefined();
    expect(row(rows, "idle RssAnon").met).toBeUndefined();
    expect(row(rows, "idle RssAnon").floor).toBe("n/a");
  });

  test("formats an aligned table with yes, NO and n/a", () => {
    const f = figures();
    f.throughput.picoclaw = 150;
    f.totalMessages.picoclaw = 10_000;
    const lines = formatTable(benchRows(f));
    expect(lines[0]).toMatch(/^figure\s+picoclaw\s+floor\s+ratio\s+target\s+met$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines.find((l) => l.startsWith("relay throughput"))).toEndWith("NO");
    expect(lines.find((l) => l.startsWith("VmRSS growth"))).toEndWith("n/a");
    expect(lines.find((l) => l.startsWith("idle RssAnon"))).toEndWith("yes");
  });
});
