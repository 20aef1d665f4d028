import { describe, expect, test } from "bun:test";
import { createHealth } from "../health/health.ts";
import { bunPlatform } from "../platform/bun.ts";
import type { HttpContext } from "../platform/platform.ts";
import { resolveBindHosts } from "./bind-hosts.ts";
import { createGatewayServer, createRouter } from "./http-server.ts";

const context: HttpContext = { remoteAddress: "", upgrade: () => false };
const reply = (body: string) => async () => new Response(body);

describe("createRouter", () => {
  const router = createRouter({
    health: createHealth(),
    routes: [
      { path: "/pico/ws", handler: reply("ws") },
      { path: "/pico/media/*", handler: reply("media") },
      { path: "/pico/*", handler: reply("pico") },
      { path: "/boom", handler: async () => Promise.reject(new Error("x")) },
    ],
    root: reply("page"),
  });
  const get = async (path: string, method = "GET") =>
    (await router(new Request(`http://gw${path}`, { method }), context)) ??
    new Response(null, { status: 599 });

  test("routes health, exact paths, the longest prefix and the root page", async () => {
    expect((await get("/health")).status).toBe(200);
    expect((await get("/ready")).status).toBe(503);
    expect(await (await get("/pico/ws")).text()).toBe("ws");
    expect(await (await get("/pico/media/abc")).text()).toBe("media");
    expect(await (await get("/pico/other")).text()).toBe("pico");
    expect(await (await get("/")).text()).toBe("page");
    expect((await get("/", "POST")).status).toBe(404);
    expect((await get("/nothing")).status).toBe(404);
    expect((await get("/boom")).status).toBe(500);
  });

  test("refuses a route registered twice", () => {
    expect(() =>
      createRouter({
        routes: [
          { path: "/a", handler: reply("1") },
          { path: "/a", handler: reply("2") },
        ],
      }),
    ).toThrow("registered twice");
  });
});

describe("resolveBindHosts", () => {
  test("localhost is both loopbacks, * is every interface, lists are split and deduplicated", () => {
    expect(resolveBindHosts("localhost")).toEqual([
      { host: "127.0.0.1", optional: false },
      { host: "::1", optional: true },
    ]);
    expect(resolveBindHosts("")).toHaveLength(2);
    expect(resolveBindHosts("*")).toEqual([{ host: "::", optional: false, fallback: "0.0.0.0" }]);
    expect(resolveBindHosts(" [::1] , 127.0.0.1 , ::1 ").map((t) => t.host)).toEqual(["::1", "127.0.0.1"]);
  });
});

describe("createGatewayServer", () => {
  test("listens on localhost with one port on every loopback it can bind", async () => {
    const server = await createGatewayServer({
      host: "localhost",
      port: 0,
      platform: bunPlatform,
      root: reply("hi"),
    });
    try {
      expect(server.addresses[0]).toBe(`127.0.0.1:${server.port}`);
      expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe("hi");
      if (server.addresses.length > 1) {
        expect(await (await fetch(`http://[::1]:${server.port}/`)).text()).toBe("hi");
      }
    } finally {
      await server.stop(true);
    }
  });
});
