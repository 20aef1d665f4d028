import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { OutboundMediaMessage } from "../bus/message.ts";
import { createMediaStore, type MediaStore } from "../media/store.ts";
import { createTempWorkspace, type TempWorkspace } from "./fs/fs-test-helpers.ts";
import { createSendFileTool, mediaTypeOf } from "./send-file.ts";
import type { Tool, ToolContext } from "./tool.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let ws: TempWorkspace;
let media: MediaStore;
let published: OutboundMediaMessage[];
let tool: Tool;
let chat: ToolContext;

beforeEach(async () => {
  ws = await createTempWorkspace();
  media = createMediaStore({ dir: join(ws.root, "media") });
  published = [];
  tool = createSendFileTool({
    fs: ws.options,
    media,
    publishMedia: (m) => void published.push(m),
    maxBytes: 64,
  });
  chat = { ...ws.context, channel: "telegram", chatId: "42", isInternal: false };
  await Bun.write(join(ws.workspace, "out", "chart.png"), PNG);
});
afterEach(() => ws.dispose());

describe("send_file tool", () => {
  test("copies the file into the media store and publishes it to the current chat as an image", async () => {
    const result = await tool.execute({ path: "out/chart.png" }, chat);
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain('File "chart.png"');
    expect(published).toHaveLength(1);
    const message = published[0] as OutboundMediaMessage;
    expect(message.context).toEqual({ channel: "telegram", chatId: "42" });
    const part = message.parts[0];
    expect(part).toMatchObject({ type: "image", filename: "chart.png", contentType: "image/png" });
    const stored = media.resolve(part?.ref ?? "");
    expect(stored).not.toBe(join(ws.workspace, "out", "chart.png"));
    expect(new Uint8Array(await readFile(stored))).toEqual(PNG);
    // Releasing the refs deletes the store's copy, never the workspace file.
    media.releaseAll("tool:send_file:telegram:42");
    expect(existsSync(stored)).toBe(false);
    expect(existsSync(join(ws.workspace, "out", "chart.png"))).toBe(true);
  });

  test("a display filename picks the name and the type", async () => {
    await Bun.write(join(ws.workspace, "report"), "plain text");
    await tool.execute({ path: "report", filename: "report.pdf" }, chat);
    expect(published[0]?.parts[0]).toMatchObject({
      type: "file",
      filename: "report.pdf",
      contentType: "application/pdf",
    });
  });

  test("refuses internal channels, paths outside the workspace, directories, large and missing files", async () => {
    const internal = await tool.execute({ path: "out/chart.png" }, ws.context);
    expect(internal).toMatchObject({ isError: true });
    expect(internal.content).toContain("the cli channel has no chat to send a file to");
    const outside = await tool.execute({ path: join(ws.outside, "secret.txt") }, chat);
    expect(outside).toMatchObject({ isError: true, content: expect.stringContaining("access denied") });
    await symlink(join(ws.outside, "secret.txt"), join(ws.workspace, "link.txt"));
    expect((await tool.execute({ path: "link.txt" }, chat)).content).toContain("access denied");
    expect((await tool.execute({ path: "out" }, chat)).content).toContain("not a regular file");
    await Bun.write(join(ws.workspace, "big.bin"), new Uint8Array(65));
    expect((await tool.execute({ path: "big.bin" }, chat)).content).toContain("file too large: 65 bytes");
    expect((await tool.execute({ path: "nope.png" }, chat)).content).toContain("file not found");
    expect((await tool.execute({}, chat)).content).toBe("path is required");
    expect(published).toEqual([]);
    expect(media.usage().files).toBe(0);
  });

  test("a failed publish is an error result the model sees", async () => {
    const failing = createSendFileTool({
      fs: ws.options,
      media,
      publishMedia: () => Promise.reject(new Error("bus closed")),
    });
    const result = await failing.execute({ path: "out/chart.png" }, chat);
    expect(result).toEqual({ content: "file not sent: bus closed", isError: true });
  });

  test("media types by extension", () => {
    expect(mediaTypeOf("a.JPG")).toEqual({ type: "image", contentType: "image/jpeg" });
    expect(mediaTypeOf("a.ogg").type).toBe("audio");
    expect(mediaTypeOf("a.mp4").type).toBe("video");
    expect(mediaTypeOf("a.tar.xz")).toEqual({ type: "file", contentType: "application/octet-stream" });
  });
});
