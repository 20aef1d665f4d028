import { describe, expect, test } from "bun:test";
import { bunPlatform } from "./bun.ts";
import { getPlatform } from "./index.ts";

describe("getPlatform", () => {
  test("picks the Bun seam under Bun, once", async () => {
    const first = await getPlatform();
    expect(first).toBe(bunPlatform);
    expect(await getPlatform()).toBe(first);
  });
  // The Node branch is exercised under real Node by node-smoke.test.ts ("platform": "node").
});
