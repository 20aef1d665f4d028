import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../lib/logger.ts";
import { createMediaStore } from "../../media/store.ts";
import { bridgeMediaKind, registerBridgeMedia } from "./bridge-media.ts";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("registerBridgeMedia", () => {
  test("keeps files within the limit as forget_only refs, tags them by kind, skips large and missing ones", async () => {
    dir = await mkdtemp(join(tmpdir(), "wa-media-"));
    const voice = join(dir, "note.ogg");
    const photo = join(dir, "photo.JPG");
    const big = join(dir, "movie.mp4");
    await writeFile(voice, "opus!");
    await writeFile(photo, "jpeg");
    await writeFile(big, "x".repeat(64));
    const media = createMediaStore({ dir: join(dir, "store") });
    const log = createLogger("whatsapp");
    const paths = [voice, photo, big, join(dir, "gone.pdf")];
    const result = registerBridgeMedia(paths, "wa:chat:1", { media, maxBytes: 16, log });
    expect(result.tags).toEqual(["[audio: note.ogg]", "[image: photo.JPG]"]);
    expect(result.refs.map((ref) => media.resolve(ref))).toEqual([voice, photo]);
    expect(media.resolveWithMeta(result.refs[0] ?? "").meta.cleanupPolicy).toBe("forget_only");
    media.releaseAll("wa:chat:1");
    expect(existsSync(voice)).toBe(true);
    expect(registerBridgeMedia(paths, "s", { media: undefined, maxBytes: 16, log })).toEqual({
      refs: [],
      tags: [],
    });
  });

  test("kinds come from the extension", () => {
    expect(bridgeMediaKind("/a/b.opus")).toBe("audio");
    expect(bridgeMediaKind("/a/b.webp")).toBe("image");
    expect(bridgeMediaKind("/a/b.3gp")).toBe("video");
    expect(bridgeMediaKind("/a/b.pdf")).toBe("file");
  });
});
