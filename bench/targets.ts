/**
 * The targets ("Embedded build and deployment") and the table that puts each gateway figure
 * next to the floor's, with the ratio and whether the target is met. Pure: figures in, lines out.
 */

/** One process's memory at one moment, MB (VmRSS, VmHWM, RssAnon of /proc/<pid>/status). */
export interface Memory {
  rss: number;
  hwm: number;
  anon: number;
}

/** A figure for the gateway and for the floor. */
export interface Pair<T> {
  picoclaw: T;
  floor: T;
}

/** Everything the benchmark measured; NaN where a phase could not run. */
export interface BenchFigures {
  startMs: { picoclaw: number; picoclawPlain: number; floor: number };
  /** 2 s after ready, before any message. */
  idle: Pair<Memory>;
  /** The gateway idle with MQTT connected as well. */
  idleMqtt: Memory;
  /** 2 s after the burst; its hwm is the burst's peak. */
  afterBurst: Pair<Memory>;
  /** 2 s after the long phase (all messages). */
  end: Pair<Memory>;
  burstMessages: Pair<number>;
  totalMessages: Pair<number>;
  throughput: Pair<number>;
  latencyMs: Pair<{ p50: number; p99: number }>;
  binaryBytes: Pair<number>;
}

/** One row: a figure, its floor, and a target check (undefined: informational). */
export interface Row {
  name: string;
  picoclaw: string;
  floor: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

/** The targets, in one place. */
export const TARGETS = {
  startRatio: 4,
  idleRssRatio: 1.6,
  idleAnonPlusMb: 6,
  mqttPlusMb: 8,
  burstHwmRatio: 2,
  growthMb: 1,
  growthMessages: 100_000,
  throughputPerSecond: 2_000,
  p99Ms: 10,
  binaryPlusMb: 4,
} as const;

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const ratio = (a: number, b: number) =>
  Number.isFinite(a / b) ? `${Number((a / b).toPrecision(3))}x` : "n/a";
const plus = (n: number) => (Number.isFinite(n) ? `${n >= 0 ? "+" : ""}${f1(n)} MB` : "n/a");
const checked = (ok: boolean, ...inputs: number[]) => (inputs.every(Number.isFinite) ? ok : undefined);
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");
const triple = (m: Memory) => `${f1(m.rss)} / ${f1(m.hwm)} / ${f1(m.anon)}`;

/** Builds the rows from the figures. */
export function benchRows(f: BenchFigures): Row[] {
  const t = TARGETS;
  const p = { idle: f.idle.picoclaw, burst: f.afterBurst.picoclaw, end: f.end.picoclaw };
  const fl = { idle: f.idle.floor, burst: f.afterBurst.floor, end: f.end.floor };
  const mqttDelta = f.idleMqtt.rss - p.idle.rss;
  const growth = { p: p.end.rss - p.burst.rss, fl: fl.end.rss - fl.burst.rss };
  const anonGrowth = { p: p.end.anon - p.burst.anon, fl: fl.end.anon - fl.burst.anon };
  const longEnough = f.totalMessages.picoclaw >= t.growthMessages;
  const mb = 1024 * 1024;
  const info = (name: string, picoclaw: string, floor: string, r = ""): Row => ({
    name,
    picoclaw,
    floor,
    ratio: r,
    target: "",
    met: undefined,
  });
  return [
    {
      name: "start → ready, ms (median of 5)",
      picoclaw: f1(f.startMs.picoclaw),
      floor: f1(f.startMs.floor),
      ratio: ratio(f.startMs.picoclaw, f.startMs.floor),
      target: `≤ ${t.startRatio}x floor`,
      met: checked(f.startMs.picoclaw <= t.startRatio * f.startMs.floor, f.startMs.picoclaw, f.startMs.floor),
    },
    info(
      "  same, without --bytecode",
      f1(f.startMs.picoclawPlain),
      "",
      ratio(f.startMs.picoclawPlain, f.startMs.floor),
    ),
    {
      name: "idle VmRSS, MB (Pico + MaixCam)",
      picoclaw: f1(p.idle.rss),
      floor: f1(fl.idle.rss),
      ratio: ratio(p.idle.rss, fl.idle.rss),
      target: `≤ ${t.idleRssRatio}x floor`,
      met: checked(p.idle.rss <= t.idleRssRatio * fl.idle.rss, p.idle.rss, fl.idle.rss),
    },
    {
      name: "idle RssAnon, MB (Pico + MaixCam)",
      picoclaw: f1(p.idle.anon),
      floor: f1(fl.idle.anon),
      ratio: plus(p.idle.anon - fl.idle.anon),
      target: `≤ floor + ${t.idleAnonPlusMb} MB`,
      met: checked(p.idle.anon <= fl.idle.anon + t.idleAnonPlusMb, p.idle.anon, fl.idle.anon),
    },
    {
      name: "idle VmRSS / RssAnon, MB (+ MQTT connected)",
      picoclaw: `${f1(f.idleMqtt.rss)} / ${f1(f.idleMqtt.anon)}`,
      floor: "",
      ratio: plus(mqttDelta),
      target: `MQTT adds ≤ ${t.mqttPlusMb} MB`,
      met: checked(mqttDelta <= t.mqttPlusMb, mqttDelta),
    },
    {
      name: `peak VmHWM, MB (burst: ${f.burstMessages.picoclaw} msgs / floor ${f.burstMessages.floor})`,
      picoclaw: f1(p.burst.hwm),
      floor: f1(fl.burst.hwm),
      ratio: ratio(p.burst.hwm, fl.burst.hwm),
      target: `≤ ${t.burstHwmRatio}x floor`,
      met: checked(p.burst.hwm <= t.burstHwmRatio * fl.burst.hwm, p.burst.hwm, fl.burst.hwm),
    },
    info("  after the burst VmRSS / VmHWM / RssAnon, MB", triple(p.burst), triple(fl.burst)),
    info("  at the end of all phases VmRSS / VmHWM / RssAnon, MB", triple(p.end), triple(fl.end)),
    {
      name: `VmRSS growth, MB (after ${f.totalMessages.picoclaw} msgs / floor ${f.totalMessages.floor})`,
      picoclaw: f1(growth.p),
      floor: f1(growth.fl),
      ratio: "",
      target: `≤ ${t.growthMb} MB over 100k`,
      met: longEnough ? checked(growth.p <= t.growthMb, growth.p) : undefined,
    },
    info("  RssAnon growth, MB", f1(anonGrowth.p), f1(anonGrowth.fl)),
    {
      name: "relay throughput, msgs/s (100 connections)",
      picoclaw: f1(f.throughput.picoclaw),
      floor: f1(f.throughput.floor),
      ratio: ratio(f.throughput.picoclaw, f.throughput.floor),
      target: `≥ ${thousands(t.throughputPerSecond)} msg/s`,
      met: checked(f.throughput.picoclaw >= t.throughputPerSecond, f.throughput.picoclaw),
    },
    {
      name: "message → reply latency p50 / p99, ms",
      picoclaw: `${f1(f.latencyMs.picoclaw.p50)} / ${f1(f.latencyMs.picoclaw.p99)}`,
      floor: `${f1(f.latencyMs.floor.p50)} / ${f1(f.latencyMs.floor.p99)}`,
      ratio: ratio(f.latencyMs.picoclaw.p50, f.latencyMs.floor.p50),
      target: `p99 ≤ ${t.p99Ms} ms`,
      met: checked(f.latencyMs.picoclaw.p99 <= t.p99Ms, f.latencyMs.picoclaw.p99),
    },
    {
      name: "binary size, MB",
      picoclaw: f1(f.binaryBytes.picoclaw / mb),
      floor: f1(f.binaryBytes.floor / mb),
      ratio: plus((f.binaryBytes.picoclaw - f.binaryBytes.floor) / mb),
      target: `≤ floor + ${t.binaryPlusMb} MB`,
      met: checked(
        f.binaryBytes.picoclaw <= f.binaryBytes.floor + t.binaryPlusMb * mb,
        f.binaryBytes.picoclaw,
        f.binaryBytes.floor,
      ),
    },
  ];
}

/** Formats rows as an aligned text table. */
export function formatTable(rows: readonly Row[]): string[] {
  const head = ["figure", "picoclaw", "floor", "ratio", "target", "met"];
  const cells = rows.map((r) => [
    r.name,
    r.picoclaw,
    r.floor,
    r.ratio,
    r.target,
    r.met === undefined ? (r.target ? "n/a" : "") : r.met ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}
