/**
 * `picoclaw update` from the compiled binary against a release served on 127.0.0.1: a good update
 * swaps and keeps .prev; a bad checksum, a 404, a connection cut mid-download and a bad signature
 * change nothing; a broken new binary is rolled back by the watcher; and a gateway that finds its
 * boot counter past update.max_boot_attempts restores .prev itself. systemctl is replaced by a
 * restart hook that runs the binary as a background child, as `systemctl restart` would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pendingPath } from "../src/update/pending.ts";
import { assetName } from "../src/update/release.ts";
import { readyUrl, waitReady } from "../src/update/wait-ready.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { runProcess } from "./helpers/run-process.ts";

const ASSET = assetName();
const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

let compiled = "";
let oldBytes: Uint8Array;
let newBytes: Uint8Array;
let dir = "";
let server: ReturnType<typeof Bun.serve> | undefined;
/** Release files by name. */
let files = new Map<string, Uint8Array>();
/** Serves SHA256SUMS in full but cuts the binary's connection after 1 MiB of a larger declared body. */
let cutServer: Server | undefined;

beforeAll(async () => {
  compiled = await compiledGateway();
  oldBytes = new Uint8Array(readFileSync(compiled));
  // Bun's compiled binaries locate their payload from the end marker inward, so appended bytes still run.
  newBytes = new Uint8Array(Buffer.concat([oldBytes, Buffer.from("\npicoclaw-update-test-release\n")]));
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const body = files.get(new URL(request.url).pathname.replace(/^\/release\//, ""));
      if (body === undefined) return new Response("not found", { status: 404 });
      return new Response(body);
    },
  });
}, 180_000);

afterAll(() => {
  server?.stop(true);
  cutServer?.close();
});

/** Starts the cutting server (raw HTTP/1.1 on a socket, so the cut is a real connection reset). */
async function startCutServer(sums: Uint8Array): Promise<number> {
  cutServer = createServer((socket) => {
    socket.once("data", (request) => {
      if (request.toString("latin1").startsWith("GET /release/SHA256SUMS ")) {
        socket.end(
          Buffer.concat([
            Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${sums.byteLength}\r\nconnection: close\r\n\r\n`),
            sums,
          ]),
        );
        return;
      }
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${newBytes.byteLength}\r\n\r\n`);
      socket.write(newBytes.subarray(0, 1 << 20), () => socket.destroy());
    });
  });
  await new Promise<void>((resolve) => cutServer?.listen(0, "127.0.0.1", resolve));
  const address = cutServer.address();
  return typeof address === "object" && address ? address.port : 0;
}

afterEach(async () => {
  await stopGateway();
  if (dir) rmSync(dir, { recursive: true, force: true });
  files = new Map();
});

/** A temp install: bin/picoclaw (the compiled binary), home/config.json, and the restart hook. */
async function install(
  update: Record<string, unknown> = {},
): Promise<{ bin: string; home: string; port: number }> {
  dir = mkdtempSync(join(tmpdir(), "picoclaw-update-"));
  const bin = join(dir, "bin", "picoclaw");
  const home = join(dir, "home");
  mkdirSync(join(dir, "bin"));
  mkdirSync(home);
  copyFileSync(compiled, bin);
  const port = await freePort();
  // Stands in for `systemctl restart`: stop the running gateway (waiting for it to exit), start the binary.
  const hook = join(dir, "restart.sh");
  writeFileSync(
    hook,
    [
      "#!/bin/sh",
      `pidfile='${dir}/gateway.pid'`,
      'if [ -f "$pidfile" ]; then pid=$(cat "$pidfile"); kill "$pid" 2>/dev/null; tail --pid="$pid" -f /dev/null; fi',
      `'${bin}' gateway >>'${dir}/gateway.log' 2>&1 </dev/null &`,
      'echo $! > "$pidfile"',
      "",
    ].join("\n"),
  );
  const config = testConfig({
    llmUrl: "http://127.0.0.1:9/v1",
    gatewayPort: port,
    maixcamPort: await freePort(),
    token: "update-e2e",
  });
  config["update"] = {
    url: `http://127.0.0.1:${server?.port}/release/`,
    restart_command: ["sh", hook],
    ready_timeout_secs: 60,
    ...update,
  };
  writeFileSync(join(home, "config.json"), JSON.stringify(config, null, 2));
  return { bin, home, port };
}

async function stopGateway(): Promise<void> {
  const pidfile = join(dir, "gateway.pid");
  if (!dir || !existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, "utf8"));
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Runs the compiled binary with `args` in the install's home. */
async function run(bin: string, home: string, args: string[]) {
  const { code, stdout, stderr } = await runProcess([bin, ...args], {
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, PICOCLAW_HOME: home },
  });
  return { code, stdout, stderr, output: `${stdout}\n${stderr}` };
}

function publish(binary: Uint8Array, listed = sha256(binary)): void {
  files.set(ASSET, binary);
  files.set("SHA256SUMS", new TextEncoder().encode(`${listed}  ${ASSET}\n`));
}

/** The install's bin/ directory listing and the binary's bytes, to prove nothing changed. */
function snapshot(bin: string) {
  return { names: readdirSync(join(dir, "bin")).sort(), sha: sha256(new Uint8Array(readFileSync(bin))) };
}

describe("picoclaw update (compiled binary)", () => {
  test("a good release is verified, swapped in keeping .prev, restarted and confirmed ready", async () => {
    const { bin, home, port } = await install();
    publish(newBytes);
    const result = await run(bin, home, ["update"]);
    expect(result.output).toContain("✓ new binary ready");
    expect(result.code).toBe(0);
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(newBytes));
    expect(sha256(new Uint8Array(readFileSync(`${bin}.prev`)))).toBe(sha256(oldBytes));
    expect(existsSync(pendingPath(home))).toBe(false);
    expect(readdirSync(join(dir, "bin")).sort()).toEqual(["picoclaw", "picoclaw.prev"]);
    expect(await waitReady(readyUrl("127.0.0.1", port), 10_000)).toBe(true);
    // Running the same release again is a no-op.
    const again = await run(bin, home, ["update"]);
    expect(again.stdout).toContain("up to date");
  }, 120_000);

  test("--check reports a different release and changes nothing", async () => {
    const { bin, home } = await install();
    publish(newBytes);
    const before = snapshot(bin);
    const result = await run(bin, home, ["update", "--check"]);
    expect(result.stdout).toContain(`update available: ${ASSET} ${sha256(newBytes)}`);
    expect(result.code).toBe(0);
    expect(snapshot(bin)).toEqual(before);
    expect(existsSync(join(dir, "gateway.pid"))).toBe(false);
  }, 60_000);

  test("a release in a local directory is installed the same way (--from DIR)", async () => {
    const { bin, home } = await install({ url: "" });
    const release = join(dir, "release");
    mkdirSync(release);
    writeFileSync(join(release, ASSET), newBytes);
    writeFileSync(join(release, "SHA256SUMS"), `${sha256(newBytes)}  ${ASSET}\n`);
    const result = await run(bin, home, ["update", "--from", release]);
    expect(result.output).toContain("✓ new binary ready");
    expect(result.code).toBe(0);
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(newBytes));
    expect(sha256(new Uint8Array(readFileSync(`${bin}.prev`)))).toBe(sha256(oldBytes));
  }, 120_000);

  test("an update still pending confirmation is not swapped over (.prev stays the known-good binary)", async () => {
    const { bin, home } = await install();
    publish(newBytes);
    writeFileSync(pendingPath(home), JSON.stringify({ binary: bin, sha256: sha256(oldBytes), boots: 1 }));
    const before = snapshot(bin);
    const result = await run(bin, home, ["update"]);
    expect(result.stderr).toContain("still pending confirmation");
    expect(result.code).toBe(1);
    expect(snapshot(bin)).toEqual(before);
  }, 60_000);

  test("a checksum that does not match changes nothing", async () => {
    const { bin, home } = await install();
    publish(newBytes, sha256(oldBytes.subarray(0, 10)));
    const before = snapshot(bin);
    const result = await run(bin, home, ["update"]);
    expect(result.stderr).toContain("checksum mismatch");
    expect(result.code).toBe(1);
    expect(snapshot(bin)).toEqual(before);
    expect(existsSync(pendingPath(home))).toBe(false);
  }, 60_000);

  test("a 404 and a connection cut mid-download change nothing", async () => {
    const { bin, home } = await install();
    const before = snapshot(bin);
    files.set("SHA256SUMS", new TextEncoder().encode(`${sha256(newBytes)}  ${ASSET}\n`));
    const missing = await run(bin, home, ["update"]);
    expect(missing.stderr).toContain("HTTP 404");
    expect(missing.code).toBe(1);
    expect(snapshot(bin)).toEqual(before);
    const cutPort = await startCutServer(files.get("SHA256SUMS") as Uint8Array);
    const cut = await run(bin, home, ["update", "--from", `http://127.0.0.1:${cutPort}/release/`]);
    expect(cut.stderr).toContain("picoclaw update:");
    expect(cut.code).toBe(1);
    expect(snapshot(bin)).toEqual(before);
    expect(existsSync(pendingPath(home))).toBe(false);
  }, 60_000);

  test("with update.public_key set, a bad or missing signature is refused and a good one accepted", async () => {
    const trusted = generateKeyPairSync("ed25519");
    const other = generateKeyPairSync("ed25519");
    const raw = trusted.publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("base64");
    const { bin, home } = await install({ public_key: raw });
    publish(newBytes);
    const sums = files.get("SHA256SUMS") as Uint8Array;
    const before = snapshot(bin);
    const unsigned = await run(bin, home, ["update"]);
    expect(unsigned.stderr).toContain("no SHA256SUMS.sig");
    expect(unsigned.code).toBe(1);
    files.set("SHA256SUMS.sig", sign(null, sums, other.privateKey));
    const forged = await run(bin, home, ["update"]);
    expect(forged.stderr).toContain("does not verify");
    expect(forged.code).toBe(1);
    expect(snapshot(bin)).toEqual(before);
    files.set(
      "SHA256SUMS.sig",
      new TextEncoder().encode(sign(null, sums, trusted.privateKey).toString("base64")),
    );
    const good = await run(bin, home, ["update", "--check"]);
    expect(good.stdout).toContain("signature verified");
    expect(good.code).toBe(0);
  }, 60_000);

  test("a broken new binary is rolled back to the previous one, which is restarted", async () => {
    const { bin, home, port } = await install({ ready_timeout_secs: 5 });
    publish(new TextEncoder().encode("#!/bin/sh\necho 'broken release' >&2\nexit 1\n"));
    const result = await run(bin, home, ["update"]);
    expect(result.stderr).toContain("not ready within 5s; restored");
    expect(result.code).toBe(1);
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(oldBytes));
    expect(existsSync(pendingPath(home))).toBe(false);
    expect(readFileSync(join(dir, "gateway.log"), "utf8")).toContain("broken release");
    expect(await waitReady(readyUrl("127.0.0.1", port), 30_000)).toBe(true);
  }, 120_000);

  test("a gateway start past max_boot_attempts restores .prev; a start that gets ready confirms", async () => {
    const { bin, home, port } = await install({ max_boot_attempts: 2 });
    writeFileSync(`${bin}.prev`, newBytes, { mode: 0o755 });
    writeFileSync(pendingPath(home), JSON.stringify({ binary: bin, sha256: sha256(oldBytes), boots: 2 }));
    const looped = await run(bin, home, ["gateway"]);
    expect(looped.stderr).toContain("started 3 times without getting ready");
    expect(looped.code).toBe(1);
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(newBytes));
    expect(existsSync(pendingPath(home))).toBe(false);

    // Pending again: a start that fails (port taken) is counted; a start that gets ready clears the marker.
    writeFileSync(pendingPath(home), JSON.stringify({ binary: bin, sha256: sha256(newBytes), boots: 0 }));
    const blocker = Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("busy") });
    const failed = await run(bin, home, ["gateway"]);
    blocker.stop(true);
    expect(failed.code).toBe(1);
    expect(JSON.parse(readFileSync(pendingPath(home), "utf8")).boots).toBe(1);
    const gateway = await startGatewayProcess({ binary: bin, home });
    expect(await gateway.stop()).toBe(0);
    expect(existsSync(pendingPath(home))).toBe(false);
  }, 60_000);

  test("under the systemd unit, `update --boot-check` counts starts, restores .prev, and the gateway leaves counting to it", async () => {
    const { bin, home } = await install({ max_boot_attempts: 1 });
    writeFileSync(`${bin}.prev`, newBytes, { mode: 0o755 });
    writeFileSync(pendingPath(home), JSON.stringify({ binary: bin, sha256: sha256(oldBytes), boots: 0 }));
    const first = await run(bin, home, ["update", "--boot-check"]);
    expect(first.stdout).toContain("pending update: start 1 of 1");
    expect(first.code).toBe(0);
    // ExecStart with the unit's environment: the gateway does not count this start a second time.
    const gateway = await startGatewayProcess({
      binary: bin,
      home,
      env: { PICOCLAW_UPDATE_BOOT_CHECK: "pre-start" },
    });
    expect(await gateway.stop()).toBe(0);
    // Counting again would have made it 2 of 1 and rolled back; instead it got ready and confirmed.
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(oldBytes));
    expect(existsSync(pendingPath(home))).toBe(false);
    writeFileSync(pendingPath(home), JSON.stringify({ binary: bin, sha256: sha256(oldBytes), boots: 1 }));
    const second = await run(bin, home, ["update", "--boot-check"]);
    expect(second.stderr).toContain("restored");
    expect(second.code).toBe(0);
    expect(sha256(new Uint8Array(readFileSync(bin)))).toBe(sha256(newBytes));
    expect(existsSync(pendingPath(home))).toBe(false);
  }, 60_000);
});
