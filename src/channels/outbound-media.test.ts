import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMediaStore } from "../media/store.ts";
import { loadOutboundMedia, requireMediaStore } from "./outbound-media.ts";
import { PermanentSendError } from "./send-error.ts";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("outbound media", () => {
  test("loads a stored part with its filename, or the stored file's name", async () => {
    dir = mkdtempSync(join(tmpdir(), "outmedia-"));
    const file = join(dir, "plot.png");
    writeFileSync(file, "png-bytes");
    const store = createMediaStore({ dir });
    const ref = store.store(file, {}, "t:c:m");
    const named = await loadOutboundMedia(store, { type: "image", ref, filename: "chart.png" }, "t");
    expect(new TextDecoder().decode(named.data)).toBe("png-bytes");
    expect(named.filename).toBe("chart.png");
    expect((await loadOutboundMedia(store, { type: "image", ref }, "t")).filename).toBe("plot.png");
  });

  test("a missing store or an unknown ref is a permanent send error", async () => {
    dir = mkdtempSync(join(tmpdir(), "outmedia-"));
    expect(() => requireMediaStore(undefined, "slack")).toThrow(PermanentSendError);
    const store = createMediaStore({ dir });
    await expect(
      loadOutboundMedia(store, { type: "file", ref: "media://nope" }, "slack"),
    ).rejects.toBeInstanceOf(PermanentSendError);
  });
});
