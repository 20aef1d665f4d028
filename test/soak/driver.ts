/**
 * Soak tools in one binary, compiled for arm64 and run inside the QEMU guest (or with bun on the host).
 * One file on purpose: in a 128 MB guest, processes running the same executable share its page cache.
 *   driver llm [--port N]       the echo LLM (test/soak/echo-llm.ts)
 *   driver wait URL [SECONDS]   polls URL until it answers 200 (the guest has no curl); exit 1 at the deadline
 *   driver run --ws URL --token T --maixcam HOST:PORT [--pico N] [--maix M] [--seconds S] …
 *              [--burst-every S --burst-first S --burst-clients N --burst-messages M]
 * `run` prints one "DRIVER BURST …" line per burst (test/soak/bursts.ts) and one "DRIVER SUMMARY
 * key=value…" line; it exits 1 if any reply was missing, wrong, or any connection failed.
 */
import { parseArgs } from "node:util";
import { runBursts } from "./bursts.ts";
import { startEchoLlm } from "./echo-llm.ts";
import { runMaixcamLoad } from "./maixcam-load.ts";
import { runPicoLoad } from "./pico-load.ts";

async function waitHealthy(url: string, seconds: number): Promise<number> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) {
        console.log(
          `DRIVER HEALTH ${url} 200 after ${Date.now() - started} ms: ${(await response.text()).trim()}`,
        );
        return 0;
      }
    } catch {}
    // Polling is the point here: the guest has nothing to wait on but the port.
    await Bun.sleep(500);
  }
  console.log(`DRIVER HEALTH ${url} not 200 within ${seconds} s`);
  return 1;
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ws: { type: "string" },
      token: { type: "string", default: "" },
      maixcam: { type: "string" },
      pico: { type: "string", default: "4" },
      maix: { type: "string", default: "2" },
      seconds: { type: "string", default: "60" },
      "max-messages": { type: "string", default: "1000000" },
      rotate: { type: "string", default: "25" },
      "maix-interval-ms": { type: "string", default: "1000" },
      "reply-timeout-ms": { type: "string", default: "60000" },
      "burst-every": { type: "string", default: "0" },
      "burst-first": { type: "string", default: "120" },
      "burst-clients": { type: "string", default: "100" },
      "burst-messages": { type: "string", default: "300" },
    },
  });
  if (!values.ws || !values.maixcam) throw new Error("run needs --ws and --maixcam");
  const [host = "127.0.0.1", port = "0"] = values.maixcam.split(":");
  const seconds = Number(values.seconds);
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const replyTimeoutMs = Number(values["reply-timeout-ms"]);
  const pico = runPicoLoad({
    url: values.ws,
    token: values.token,
    clients: Number(values.pico),
    deadline,
    maxMessages: Number(values["max-messages"]),
    rotateEvery: Number(values.rotate),
    replyTimeoutMs,
    sessionPrefix: `soak${started.toString(36)}`,
  });
  const maix = runMaixcamLoad({
    host,
    port: Number(port),
    devices: Number(values.maix),
    deadline,
    intervalMs: Number(values["maix-interval-ms"]),
    replyTimeoutMs,
  });
  const bursts = runBursts({
    url: values.ws,
    token: values.token,
    deadline,
    everySeconds: Number(values["burst-every"]),
    firstAfterSeconds: Number(values["burst-first"]),
    clients: Number(values["burst-clients"]),
    messages: Number(values["burst-messages"]),
    replyTimeoutMs,
    sessionPrefix: `burst${started.toString(36)}`,
  });
  const [p, m, b] = await Promise.all([pico, maix, bursts]);
  const elapsed = (Date.now() - started) / 1000;
  const rate = (p.replies + m.answered + b.replies) / elapsed;
  console.log(
    `DRIVER SUMMARY seconds=${elapsed.toFixed(1)} pico_clients=${values.pico} pico_sent=${p.sent} pico_replies=${p.replies}` +
      ` pico_mismatched=${p.mismatched} pico_errors=${p.errors} pico_connects=${p.connects}` +
      ` maix_devices=${values.maix} maix_sent=${m.sent} maix_answered=${m.answered} maix_missing=${m.missing}` +
      ` maix_commands=${m.commands} maix_errors=${m.errors} bursts=${b.bursts} burst_sent=${b.sent}` +
      ` burst_replies=${b.replies} burst_mismatched=${b.mismatched} burst_errors=${b.errors}` +
      ` burst_longest_s=${b.longestSeconds.toFixed(1)} replies_per_s=${rate.toFixed(2)}`,
  );
  const ok =
    p.replies > 0 &&
    p.mismatched === 0 &&
    p.errors === 0 &&
    m.answered > 0 &&
    m.missing === 0 &&
    m.errors === 0 &&
    b.replies === b.sent &&
    b.mismatched === 0 &&
    b.errors === 0;
  return ok ? 0 : 1;
}

function serveLlm(argv: string[]): void {
  const at = argv.indexOf("--port");
  const llm = startEchoLlm(at >= 0 ? Number(argv[at + 1]) : 0);
  console.log(llm.url);
  const stop = () => void llm.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const [command, ...rest] = process.argv.slice(2);
if (command === "llm") serveLlm(rest);
else if (command === "wait") process.exit(await waitHealthy(rest[0] ?? "", Number(rest[1] ?? "120")));
else if (command === "run") process.exit(await run(rest));
else {
  console.error(
    "usage: driver llm [--port N] | driver wait URL [SECONDS] | driver run --ws URL --token T --maixcam HOST:PORT …",
  );
  process.exit(2);
}
