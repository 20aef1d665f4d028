import { describe, expect, test } from "bun:test";
import { createHealth } from "./health.ts";

const get = (path: string, method = "GET") => new Request(`http://127.0.0.1${path}`, { method });

async function body(response: Response | undefined): Promise<[number, string]> {
  if (!response) throw new Error("no response");
  return [response.status, await response.text()];
}

describe("health endpoints", () => {
  test("GET /health reports Go-formatted uptime and the pid, with a trailing newline", async () => {
    let clock = 1_000;
    const health = createHealth({ now: () => clock, pid: 4242 });
    clock += 3_723_456;
    const response = health.handle(get("/health"));
    expect(response?.headers.get("content-type")).toBe("application/json");
    expect(await body(response)).toEqual([200, '{"status":"ok","uptime":"1h2m3.456s","pid":4242}\n']);
  });

  test("GET /ready is 503 until markReady, with an empty uptime and no checks key", async () => {
    const health = createHealth({ now: () => 0 });
    expect(await body(health.handle(get("/ready")))).toEqual([503, '{"status":"not ready","uptime":""}\n']);
    health.markReady();
    expect(await body(health.handle(get("/ready")))).toEqual([200, '{"status":"ready","uptime":"0s"}\n']);
    health.markNotReady();
    expect((await body(health.handle(get("/ready"))))[0]).toBe(503);
  });

  test("a failing check makes /ready 503; checks are listed sorted with Go's field order", async () => {
    let clock = Date.UTC(2026, 0, 2, 3, 4, 5);
    const health = createHealth({ now: () => clock });
    health.markReady();
    health.setCheck("telegram", true);
    health.setCheck("agent", false, "provider unreachable");
    const [status, text] = await body(health.handle(get("/ready")));
    expect(status).toBe(503);
    expect(text).toBe(
      '{"status":"not ready","uptime":"","checks":{' +
        '"agent":{"name":"agent","status":"fail","message":"provider unreachable","timestamp":"2026-01-02T03:04:05.000Z"},' +
        '"telegram":{"name":"telegram","status":"ok","timestamp":"2026-01-02T03:04:05.000Z"}}}\n',
    );
    clock += 1500;
    health.setCheck("agent", true);
    const ready = JSON.parse((await body(health.handle(get("/ready"))))[1]) as Record<string, unknown>;
    expect(ready["status"]).toBe("ready");
    expect(ready["uptime"]).toBe("1.5s");
    expect(Object.keys(ready["checks"] as object)).toEqual(["agent", "telegram"]);
  });

  test("other paths and methods are left to the caller", () => {
    const health = createHealth();
    expect(health.handle(get("/healthz"))).toBeUndefined();
    expect(health.handle(get("/health/"))).toBeUndefined();
    expect(health.handle(get("/health", "POST"))).toBeUndefined();
    expect(health.handle(get("/health?x=1"))?.status).toBe(200);
  });
});
