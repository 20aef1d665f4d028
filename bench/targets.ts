/**
 * The targets ("Embedded build and deployment") and the table that puts each gateway figure
 * next to the floor's, with the ratio and whether the target is met. Pure: figures in, lines out.
 */

/** Everything the benchmark measured; NaN where a phase could not run. */
export interface BenchFigures {
  startMs: { picoclaw: number; picoclawPlain: number; floor: number };
  idleMb: { picoclaw: number; floor: number };
  idleMqttMb: number;
  peakMb: { picoclaw: number; floor: number };
  /** VmHWM at the very end (after the long phase too). */
  peakEndMb: { picoclaw: number; floor: number };
  burstMessages: { picoclaw: number; floor: number };
  afterFirstMb: { picoclaw: number; floor: number };
  afterAllMb: { picoclaw: number; floor: number };
  totalMessages: { picoclaw: number; floor: number };
  throughput: { picoclaw: number; floor: number };
  latencyMs: { picoclaw: { p50: number; p99: number }; floor: { p50: number; p99: number } };
  binaryBytes: { picoclaw: number; floor: number };
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

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const ratio = (a: number, b: number) =>
  Number.isFinite(a / b) ? `${Number((a / b).toPrecision(3))}x` : "n/a";
const checked = (ok: boolean, ...inputs: number[]) => (inputs.every(Number.isFinite) ? ok : undefined);

/** Builds the rows from the figures. */
export function benchRows(f: BenchFigures): Row[] {
  const mqttDelta = f.idleMqttMb - f.idleMb.picoclaw;
  const growth = {
    p: f.afterAllMb.picoclaw - f.afterFirstMb.picoclaw,
    fl: f.afterAllMb.floor - f.afterFirstMb.floor,
  };
  const mb = 1024 * 1024;
  return [
    {
      name: "start → ready, ms (median of 5)",
      picoclaw: f1(f.startMs.picoclaw),
      floor: f1(f.startMs.floor),
      ratio: ratio(f.startMs.picoclaw, f.startMs.floor),
      target: "≤ 4x floor",
      met: checked(f.startMs.picoclaw <= 4 * f.startMs.floor, f.startMs.picoclaw, f.startMs.floor),
    },
    {
      name: "  same, without --bytecode",
      picoclaw: f1(f.startMs.picoclawPlain),
      floor: "",
      ratio: ratio(f.startMs.picoclawPlain, f.startMs.floor),
      target: "",
      met: undefined,
    },
    {
      name: "idle VmRSS, MB (Pico + MaixCam)",
      picoclaw: f1(f.idleMb.picoclaw),
      floor: f1(f.idleMb.floor),
      ratio: ratio(f.idleMb.picoclaw, f.idleMb.floor),
      target: "≤ 1.3x floor",
      met: checked(f.idleMb.picoclaw <= 1.3 * f.idleMb.floor, f.idleMb.picoclaw, f.idleMb.floor),
    },
    {
      name: "idle VmRSS, MB (+ MQTT connected)",
      picoclaw: f1(f.idleMqttMb),
      floor: "",
      ratio: `+${f1(mqttDelta)} MB`,
      target: "MQTT adds ≤ 8 MB",
      met: checked(mqttDelta <= 8, mqttDelta),
    },
    {
      name: `peak VmHWM, MB (burst: ${f.burstMessages.picoclaw} msgs / floor ${f.burstMessages.floor})`,
      picoclaw: f1(f.peakMb.picoclaw),
      floor: f1(f.peakMb.floor),
      ratio: ratio(f.peakMb.picoclaw, f.peakMb.floor),
      target: "≤ 1.8x floor",
      met: checked(f.peakMb.picoclaw <= 1.8 * f.peakMb.floor, f.peakMb.picoclaw, f.peakMb.floor),
    },
    {
      name: "  VmHWM at the end of all phases, MB",
      picoclaw: f1(f.peakEndMb.picoclaw),
      floor: f1(f.peakEndMb.floor),
      ratio: ratio(f.peakEndMb.picoclaw, f.peakEndMb.floor),
      target: "",
      met: undefined,
    },
    {
      name: `VmRSS growth, MB (after ${f.totalMessages.picoclaw} msgs / floor ${f.totalMessages.floor})`,
      picoclaw: f1(growth.p),
      floor: f1(growth.fl),
      ratio: "",
      target: "≤ 1 MB over 100k",
      met: f.totalMessages.picoclaw >= 100_000 ? checked(growth.p <= 1, growth.p) : undefined,
    },
    {
      name: "relay throughput, msgs/s",
      picoclaw: f1(f.throughput.picoclaw),
      floor: f1(f.throughput.floor),
      ratio: ratio(f.throughput.picoclaw, f.throughput.floor),
      target: "",
      met: undefined,
    },
    {
      name: "message → reply latency p50 / p99, ms",
      picoclaw: `${f1(f.latencyMs.picoclaw.p50)} / ${f1(f.latencyMs.picoclaw.p99)}`,
      floor: `${f1(f.latencyMs.floor.p50)} / ${f1(f.latencyMs.floor.p99)}`,
      ratio: ratio(f.latencyMs.picoclaw.p50, f.latencyMs.floor.p50),
      target: "",
      met: undefined,
    },
    {
      name: "binary size, MB",
      picoclaw: f1(f.binaryBytes.picoclaw / mb),
      floor: f1(f.binaryBytes.floor / mb),
      ratio: `+${f1((f.binaryBytes.picoclaw - f.binaryBytes.floor) / mb)} MB`,
      target: "≤ floor + 4 MB",
      met: checked(f.binaryBytes.picoclaw <= f.binaryBytes.floor + 4 * mb, f.binaryBytes.picoclaw),
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
