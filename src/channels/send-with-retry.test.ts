import { describe, expect, test } from "bun:test";
import { PermanentSendError, RateLimitError, TemporarySendError } from "./send-error.ts";
import { sendWithRetry } from "./send-with-retry.ts";

function failing(errors: Error[]) {
  let calls = 0;
  return {
    send: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return ["ok"];
    },
    calls: () => calls,
  };
}

describe("sendWithRetry", () => {
  test("backs off 500 ms·2ⁿ on temporary errors, capped, then succeeds", async () => {
    const sleeps: number[] = [];
    const target = failing([new TemporarySendError("a"), new Error("b"), new TemporarySendError("c")]);
    const outcome = await sendWithRetry(target.send, {
      sleep: async (ms) => void sleeps.push(ms),
      maxMs: 1500,
    });
    expect(outcome).toEqual({ ok: true, ids: ["ok"] });
    expect(sleeps).toEqual([500, 1000, 1500]);
  });

  test("gives up after 3 retries", async () => {
    const target = failing([1, 2, 3, 4, 5].map((n) => new TemporarySendError(`e${n}`)));
    const outcome = await sendWithRetry(target.send, { sleep: async () => {} });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.reason).toBe("exhausted");
    expect(target.calls()).toBe(4);
  });

  test("stops at once on a permanent error", async () => {
    const target = failing([new PermanentSendError("bad request", 400)]);
    const outcome = await sendWithRetry(target.send, { sleep: async () => {} });
    expect(outcome.ok === false && outcome.reason).toBe("permanent");
    expect(target.calls()).toBe(1);
  });

  test("waits the platform's retryAfterMs on a rate limit", async () => {
    const sleeps: number[] = [];
    const target = failing([new RateLimitError("slow down", 2500)]);
    await sendWithRetry(target.send, { sleep: async (ms) => void sleeps.push(ms) });
    expect(sleeps).toEqual([2500]);
  });

  test("stops retrying when the chat disconnects, and when aborted", async () => {
    const target = failing([new TemporarySendError("gone"), new TemporarySendError("gone")]);
    const outcome = await sendWithRetry(target.send, { sleep: async () => {}, isConnected: () => false });
    expect(outcome.ok === false && outcome.reason).toBe("disconnected");

    const controller = new AbortController();
    const aborted = sendWithRetry(failing([new TemporarySendError("x")]).send, { signal: controller.signal });
    controller.abort();
    const result = await aborted;
    expect(result.ok === false && result.reason).toBe("aborted");
  });
});
