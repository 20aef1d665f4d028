/**
 * The armv7 build runs the same source on Node (a single-executable application). This runs that bundle
 * (`bun build --target=node --format=cjs`) on the machine's Node: the gateway starts through the Node
 * platform seam, answers /health and a MaixCam detection, and exits 0 on SIGTERM. It catches Bun-only
 * APIs creeping into shared code.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./helpers/free-port.ts";
import { LineWatcher } from "./helpers/line-reader.ts";

const ROOT = resolve(import.meta.dir, "..");
const hasNode = spawnSync("node", ["--version"]).status === 0;
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "picoclaw-node-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Node bundle (armv7 build's code path)", () => {
  test("starts the gateway on Node, answers /health and a MaixCam detection, exits 0 on SIGTERM", async () => {
    if (!hasNode) throw new Error("node is missing: the Node bundle needs Node (it comes with npm)");
    const bundle = join(dir, "picoclaw.cjs");
    const build = Bun.spawnSync(
      [
        join(ROOT, "node_modules", ".bin", "bun"),
        "build",
        join(ROOT, "src", "main-node.ts"),
        "--target=node",
        "--format=cjs",
        "--outfile",
        bundle,
      ],
      { cwd: ROOT },
    );
    expect(build.exitCode).toBe(0);
    const port = await freePort();
    const maixcamPort = await freePort();
    const home = join(dir, "home");
    const child = Bun.spawn(["node", bundle, "gateway", "--port", String(port)], {
      env: {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        HOME: home,
        PICOCLAW_HOME: home,
        PICOCLAW_CHANNELS_MAIXCAM_PORT: String(maixcamPort),
      },
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = new LineWatcher(child.stdout);
    const err = new LineWatcher(child.stderr);
    try {
      await out.waitFor("✓ Gateway started", 30_000);
    } catch (error) {
      child.kill("SIGKILL");
      throw new Error(`${(error as Error).message}\n${err.lines.join("\n")}`);
    }
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe("ok");
    // Built-in default (MaixCam port moved by env), no model, so the reply explains how to configure one.
    const socket = connect(maixcamPort, "127.0.0.1");
    const reply = await new Promise<string>((done) => {
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.includes("\n")) done(text);
      });
      socket.write('{"type":"person_detected","timestamp":1,"data":{"x":1,"y":2,"w":3,"h":4,"score":0.5}}\n');
    });
    socket.destroy();
    expect(JSON.parse(reply).message).toContain("No model is configured");
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
  }, 90_000);
});
