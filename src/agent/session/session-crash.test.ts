import { afterEach, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunPlatform } from "../../platform/bun.ts";
import { createSessionStore } from "./session-store.ts";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Reads child stdout until `count` acknowledged appends have been printed; returns the last one. */
async function waitForAppends(stream: ReadableStream<Uint8Array>, count: number): Promise<number> {
  const decoder = new TextDecoder();
  let buffered = "";
  let last = 0;
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk);
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) last = Number(line);
    if (last >= count) return last;
  }
  throw new Error(`child exited after ${last} appends`);
}

test("a session killed with SIGKILL mid-write loop stays readable and appendable", async () => {
  dir = await mkdtemp(join(tmpdir(), "crash-"));
  const key = "sk_v1_crash";
  const child = bunPlatform.spawn([
    process.execPath,
    join(import.meta.dir, "../testing/session-writer-child.ts"),
    dir,
    key,
  ]);
  const acknowledged = await waitForAppends(child.stdout, 8);
  child.killGroup("SIGKILL");
  await child.exited;

  const store = createSessionStore(dir);
  const history = await store.history(key);
  // Every acknowledged append is durable; at most one more (in flight at the kill) may also be there.
  expect(history.length).toBeGreaterThanOrEqual(acknowledged);
  history.forEach((entry, index) => {
    expect(entry.message.content.startsWith(`#${index + 1} `)).toBe(true);
    expect(entry.message.content.length).toBe(`#${index + 1} `.length + 256 * 1024);
  });
  expect((await store.meta(key)).count).toBe(history.length);

  await store.append(key, { role: "user", content: "after the crash" });
  const after = await createSessionStore(dir).history(key);
  expect(after.length).toBe(history.length + 1);
  expect(after.at(-1)?.message.content).toBe("after the crash");
});
