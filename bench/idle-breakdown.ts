/**
 * `bun bench/idle-breakdown.ts <binary> [floor|gateway|gateway+mqtt] [runs] [NAME=value…]`: where an idle process's
 * resident pages are. Starts the compiled floor or gateway (Pico + MaixCam, optionally MQTT connected to
 * a local mosquitto) with the Pi boards' env, waits 2 s after ready, and prints VmRSS / RssAnon /
 * RssFile from /proc/<pid>/status and the largest mappings of /proc/<pid>/smaps, grouped by name.
 */
import { readFileSync } from "node:fs";
import { loadBoards } from "../boards/boards.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { startMosquitto } from "../test/helpers/mosquitto.ts";
import { startEchoLlm } from "../test/soak/echo-llm.ts";
import { startTarget } from "./start-target.ts";

const f1 = (n: number) => n.toFixed(1);

/** Resident kB per mapping name (file path, [heap], [anon], …), largest first. */
export function smapsByName(pid: number): { name: string; rssKb: number; anonKb: number }[] {
  const totals = new Map<string, { rssKb: number; anonKb: number }>();
  let current = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const path = head[2] || "[anon]";
      current = `${path.replace(/^.*\//, "")} ${head[1]}`;
      continue;
    }
    const field = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (!field) continue;
    const entry = totals.get(current) ?? { rssKb: 0, anonKb: 0 };
    if (field[1] === "Rss") entry.rssKb += Number(field[2]);
    else entry.anonKb += Number(field[2]);
    totals.set(current, entry);
  }
  return [...totals].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.rssKb - a.rssKb);
}

async function once(binary: string, mode: string, env: Record<string, string>) {
  const llm = startEchoLlm();
  const broker = mode === "gateway+mqtt" ? await startMosquitto() : undefined;
  const port = await freePort();
  const mqtt = broker
    ? {
        mqtt: {
          enabled: true,
          type: "mqtt",
          allow_from: ["*"],
          settings: { broker: broker.url, agent_id: "b" },
        },
      }
    : undefined;
  const server = await startTarget({
    floor: mode === "floor",
    binary,
    port,
    env,
    llmUrl: llm.url,
    token: "bench-token-0123456789",
    extraChannels: mqtt,
  });
  try {
    await Bun.sleep(2000);
    const m = server.memory();
    return { m, maps: smapsByName(server.pid), readyMs: server.readyMs };
  } finally {
    await server.stop();
    await llm.stop();
    await broker?.dispose();
  }
}

if (import.meta.main) {
  const [binary, mode = "gateway", runs = "2", ...extra] = process.argv.slice(2);
  if (!binary)
    throw new Error("usage: bun bench/idle-breakdown.ts <binary> [floor|gateway|gateway+mqtt] [runs]");
  const board = loadBoards().find((b) => b.id === "raspberry-pi-zero-2w");
  const overrides = Object.fromEntries(
    extra.map((pair) => [pair.split("=")[0], pair.slice(pair.indexOf("=") + 1)]),
  );
  const env = { BUN_OPTIONS: "--smol", ...board?.env, ...overrides };
  for (let i = 0; i < Number(runs); i++) {
    const { m, maps, readyMs } = await once(binary, mode, mode === "floor" ? overrides : env);
    console.log(
      `${mode}: VmRSS ${f1(m.rssMb)}  RssAnon ${f1(m.anonMb)}  RssFile ${f1(m.fileMb)}  (ready ${readyMs.toFixed(0)} ms)`,
    );
    if (i === 0)
      for (const e of maps.slice(0, 12))
        console.log(
          `  ${String(e.rssKb).padStart(7)} kB rss ${String(e.anonKb).padStart(7)} kB anon  ${e.name}`,
        );
  }
}
