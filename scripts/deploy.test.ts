/**
 * scripts/deploy.sh against a fake board. No real board is reachable from this machine, so SSH and SCP
 * are small local shims that run the commands in a temp "board root" (REMOTE_BIN_DIR/REMOTE_UNIT_DIR point
 * into it) and `systemctl` is a fake that runs the unit's ExecStart in the background. The deployed
 * "binary" is a wrapper that runs the real gateway from source, so /ready is the real one; it first writes
 * the BUN_/MIMALLOC_ environment it was started with, which the fake systemctl takes from the unit and
 * its drop-ins as systemd does.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadBoards } from "../boards/boards.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { testConfig } from "../test/helpers/gateway-process.ts";
import { type EchoLlm, startEchoLlm } from "../test/soak/echo-llm.ts";

const ROOT = resolve(import.meta.dir, "..");
const dir = mkdtempSync(join(tmpdir(), "picoclaw-deploy-"));
const board = join(dir, "board");
const binDir = join(board, "usr/local/bin");
const unitDir = join(board, "etc/systemd/system");
const shims = join(dir, "shims");
const dist = join(dir, "dist");
const x64 = loadBoards().find((b) => b.id === "generic-x64") ?? assertNever();
let llm: EchoLlm;

function assertNever(): never {
  throw new Error("boards/generic-x64/board.json is missing");
}
let port = 0;

function script(path: string, body: string): void {
  writeFileSync(path, body);
  chmodSync(path, 0o755);
}

beforeAll(async () => {
  for (const d of [binDir, unitDir, join(board, "run"), join(board, "var/lib/picoclaw"), shims, dist]) {
    mkdirSync(d, { recursive: true });
  }
  llm = startEchoLlm();
  port = await freePort();
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort: await freePort(),
    token: "deploy-token-0123456789",
  });
  writeFileSync(join(board, "var/lib/picoclaw/config.json"), JSON.stringify(config));
  // ssh user@board CMD…: like ssh, the words are joined and run by a shell, here on the fake board.
  script(join(shims, "ssh"), '#!/bin/bash\nshift\nexport PATH="$FAKE_BIN:$PATH"\nexec bash -c "$*"\n');
  script(join(shims, "scp"), '#!/bin/bash\nexec cp "$1" "$(cut -d: -f2- <<< "$2")"\n');
  script(
    join(shims, "systemctl"),
    `#!/bin/bash
# The board's systemd, reduced to what deploy.sh uses: (re)start runs ExecStart in the background.
echo "systemctl $*" >> "$FAKE_BOARD_ROOT/calls.log"
pidf=$FAKE_BOARD_ROOT/run/picoclaw.pid
stop() { [ -f "$pidf" ] || return 0; pid=$(cat "$pidf"); kill "$pid" 2>/dev/null; timeout 10 tail --pid="$pid" -f /dev/null; rm -f "$pidf"; }
case $1 in
  daemon-reload|enable) ;;
  stop) stop ;;
  restart|start)
    stop
    cmd=$(sed -n 's/^ExecStart=//p' "$FAKE_BOARD_ROOT/etc/systemd/system/picoclaw.service")
    # Environment= of the unit, then of its drop-ins: a later assignment of a name wins, as in systemd.
    while IFS= read -r kv; do export "$kv"; done < <(cat "$FAKE_BOARD_ROOT/etc/systemd/system/picoclaw.service" "$FAKE_BOARD_ROOT"/etc/systemd/system/picoclaw.service.d/*.conf 2>/dev/null | sed -n 's/^Environment=//p' | tr -d '"')
    PICOCLAW_HOME=$FAKE_BOARD_ROOT/var/lib/picoclaw HOME=$FAKE_BOARD_ROOT/var/lib/picoclaw setsid $cmd > "$FAKE_BOARD_ROOT/run/picoclaw.log" 2>&1 < /dev/null &
    echo $! > "$pidf" ;;
  *) echo "fake systemctl: $* is not supported" >&2; exit 1 ;;
esac
`,
  );
  script(join(shims, "journalctl"), '#!/bin/bash\ntail -n 20 "$FAKE_BOARD_ROOT/run/picoclaw.log"\n');
});

afterAll(async () => {
  try {
    process.kill(Number(readFileSync(join(board, "run/picoclaw.pid"), "utf8")), "SIGKILL");
  } catch {}
  await llm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A "binary" that runs the real gateway from source; `label` makes each build's bytes distinct. */
function goodBinary(label: string): string {
  return `#!/bin/sh\n# build ${label}\nenv | grep -E '^(BUN|MIMALLOC)_' | sort > "$FAKE_BOARD_ROOT/run/env.txt"\nexec "${join(ROOT, "node_modules/.bin/bun")}" "${join(ROOT, "src/main.ts")}" "$@"\n`;
}
/** Passes the pre-swap `version` check, then never serves anything. */
const HANGING_BINARY =
  '#!/bin/sh\n# build broken\n[ "$1" = version ] && { echo "picoclaw broken"; exit 0; }\nexec sleep 600\n';

async function deploy(binary: string, readyTimeout: number) {
  script(join(dist, "picoclaw-linux-x64"), binary);
  const child = Bun.spawn(["bash", join(ROOT, "scripts/deploy.sh"), "root@fake-board", "generic-x64"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SSH: join(shims, "ssh"),
      SCP: join(shims, "scp"),
      FAKE_BIN: shims,
      FAKE_BOARD_ROOT: board,
      REMOTE_BIN_DIR: binDir,
      REMOTE_UNIT_DIR: unitDir,
      DIST_DIR: dist,
      PICOCLAW_PORT: String(port),
      READY_TIMEOUT: String(readyTimeout),
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, out, err };
}

const installed = () => readFileSync(join(binDir, "picoclaw"), "utf8");
const ready = async () =>
  (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(5000) })).status;

describe("scripts/deploy.sh", () => {
  test("installs, sets MemoryMax, restarts, waits for /ready, and keeps the previous binary", async () => {
    const first = await deploy(goodBinary("one"), 60);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain("==> deployed: picoclaw is ready");
    expect(installed()).toBe(goodBinary("one"));
    expect(readFileSync(join(unitDir, "picoclaw.service"), "utf8")).toContain(
      `ExecStart=${binDir}/picoclaw gateway`,
    );
    expect(readFileSync(join(unitDir, "picoclaw.service"), "utf8")).toContain(
      `|| exec ${binDir}/picoclaw.prev update --boot-check'`,
    );
    const boardEnv = Object.entries(x64.env).map(([name, value]) => `${name}=${value}`);
    expect(boardEnv.length).toBeGreaterThan(0);
    expect(readFileSync(join(unitDir, "picoclaw.service.d/memory.conf"), "utf8")).toBe(
      `[Service]\nMemoryMax=${x64.systemd.memory_max}\n${boardEnv.map((kv) => `Environment="${kv}"\n`).join("")}`,
    );
    expect(await ready()).toBe(200);
    // The gateway ran with the board's settings; where the unit sets the same name (BUN_OPTIONS), the board's wins.
    const ran = readFileSync(join(board, "run/env.txt"), "utf8").trim().split("\n");
    for (const kv of boardEnv) expect(ran).toContain(kv);
    expect(ran.filter((kv) => kv.startsWith("BUN_OPTIONS="))).toEqual([
      `BUN_OPTIONS=${x64.env["BUN_OPTIONS"] ?? "--smol"}`,
    ]);

    const second = await deploy(goodBinary("two"), 60);
    expect(second.code).toBe(0);
    expect(installed()).toBe(goodBinary("two"));
    expect(readFileSync(join(binDir, "picoclaw.prev"), "utf8")).toBe(goodBinary("one"));
    expect(readFileSync(join(board, "calls.log"), "utf8")).toContain(
      "systemctl daemon-reload\nsystemctl enable picoclaw\nsystemctl restart picoclaw",
    );
    expect(await ready()).toBe(200);
  }, 180_000);

  test("rolls back to picoclaw.prev and fails loudly when the new binary never gets ready", async () => {
    expect((await deploy(goodBinary("stable"), 60)).code).toBe(0);
    const broken = await deploy(HANGING_BINARY, 4);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain("did not become ready within 4s: rolling back");
    expect(broken.err).toContain("rolled back to the previous one, which is ready");
    expect(installed()).toBe(goodBinary("stable"));
    expect(await ready()).toBe(200);
  }, 180_000);
});
