import { afterEach, describe, expect, test } from "bun:test";
import {
  type FakeLlmServer,
  OPENAI_CONTEXT_LENGTH_ERROR,
  startFakeOpenAI,
} from "../../test/fakes/openai-server.ts";
import { AbortedError } from "../lib/errors.ts";
import { collectEvents } from "./collect-events.ts";
import { createModelClient, describeNoModel, type ModelClientOptions } from "./fallback.ts";
import type { ModelEntry } from "./model-entry.ts";
import type { ChatRequest, ProviderEvent } from "./provider.ts";

const fakes: FakeLlmServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});
const fake = (...steps: Parameters<typeof startFakeOpenAI>[0][]) => {
  const server = startFakeOpenAI(steps[0]);
  fakes.push(server);
  return server;
};

/** A clock that moves only when told to, and a sleep that records waits and advances it. */
function fakeTime() {
  const t = { now: 1_000_000, waits: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw new AbortedError("sleep");
      t.waits.push(ms);
      t.now += ms;
    },
  };
}

const entry = (name: string, server: FakeLlmServer, extra: Partial<ModelEntry> = {}): ModelEntry => ({
  model_name: name,
  model: `openai/${name}-model`,
  api_base: server.url,
  api_keys: ["sk"],
  ...extra,
});
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: "user", content: "hi" }],
  ...extra,
});
const signal = () => new AbortController().signal;
const last = (events: ProviderEvent[]) => events.at(-1);

function client(options: Partial<ModelClientOptions> & Pick<ModelClientOptions, "modelList">) {
  const time = fakeTime();
  const c = createModelClient({ modelName: "primary", now: time.now, sleep: time.sleep, ...options });
  return { c, time };
}

describe("createModelClient", () => {
  test("falls back to the next candidate on 429, then skips the cooled-down one until its cooldown ends", async () => {
    const a = fake({ steps: [{ kind: "error", status: 429 }] });
    const b = fake();
    const { c, time } = client({
      modelList: [entry("primary", a, { fallbacks: ["backup"] }), entry("backup", b)],
    });
    const first = await collectEvents(c.chat(ask(), signal()));
    expect(last(first)).toMatchObject({ type: "done", result: { content: "echo: hi", modelName: "backup" } });
    expect(a.requests.length).toBe(1);
    await collectEvents(c.chat(ask(), signal()));
    expect(a.requests.length).toBe(1);
    expect(b.requests.length).toBe(2);
    time.t.now += 61_000;
    const third = await collectEvents(c.chat(ask(), signal()));
    expect(last(third)).toMatchObject({ type: "done", result: { modelName: "primary" } });
    expect(a.requests.length).toBe(2);
  });

  test("falls back on 500 and appends agents.defaults.model_fallbacks", async () => {
    const a = fake({ steps: [{ kind: "error", status: 500 }] });
    const b = fake();
    const { c } = client({ modelList: [entry("primary", a), entry("backup", b)], fallbacks: ["backup"] });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "done",
      result: { modelName: "backup" },
    });
  });

  test("context overflow ends the call at once, without fallback or retry", async () => {
    const a = fake({ steps: [{ kind: "error", status: 400, body: OPENAI_CONTEXT_LENGTH_ERROR }] });
    const b = fake();
    const { c, time } = client({
      modelList: [entry("primary", a), entry("backup", b)],
      fallbacks: ["backup"],
    });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "error",
      reason: "context_overflow",
    });
    expect(b.requests.length).toBe(0);
    expect(time.t.waits).toEqual([]);
  });

  test("retries transient errors with linear backoff (2 s, then 4 s) and gives up after max retries", async () => {
    const a = fake({
      steps: [
        { kind: "error", status: 503 },
        { kind: "error", status: 503 },
      ],
    });
    const { c, time } = client({ modelList: [entry("primary", a)] });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({ type: "done" });
    expect(time.t.waits).toEqual([2000, 4000]);
    a.push({ kind: "error", status: 502 }, { kind: "error", status: 502 }, { kind: "error", status: 502 });
    time.t.waits.length = 0;
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "error",
      reason: "timeout",
    });
    expect(a.requests.length).toBe(6);
    expect(time.t.waits).toEqual([2000, 4000]);
  });

  test("auth errors are not retried", async () => {
    const a = fake({ steps: [{ kind: "error", status: 401 }] });
    const { c, time } = client({ modelList: [entry("primary", a)], maxRetries: 2 });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "error",
      reason: "auth",
    });
    expect(time.t.waits).toEqual([]);
  });

  test("each api key is its own candidate: a rejected key fails over to the next", async () => {
    const a = fake({ steps: [{ kind: "error", status: 401 }] });
    const { c } = client({ modelList: [entry("primary", a, { api_keys: ["k1", "k2"] })] });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({ type: "done" });
    expect(a.requests.map((r) => r.headers["authorization"])).toEqual(["Bearer k1", "Bearer k2"]);
  });

  test("entries sharing a model_name are used in turn", async () => {
    const a = fake();
    const b = fake();
    const { c } = client({
      modelList: [entry("primary", a), entry("primary", b, { model: "openai/other" })],
    });
    for (let i = 0; i < 4; i++) await collectEvents(c.chat(ask(), signal()));
    expect([a.requests.length, b.requests.length]).toEqual([2, 2]);
  });

  test("streams only when the request and the model entry both opt in", async () => {
    const a = fake();
    const plain = client({ modelList: [entry("primary", a)] }).c;
    const streamed = client({ modelList: [entry("primary", a, { streaming: { enabled: true } })] }).c;
    await collectEvents(plain.chat(ask({ stream: true }), signal()));
    const events = await collectEvents(streamed.chat(ask({ stream: true }), signal()));
    expect(a.requests.map((r) => (r.body as { stream?: boolean }).stream)).toEqual([undefined, true]);
    expect(events.filter((e) => e.type === "text_delta").length).toBeGreaterThan(0);
  });

  test("a stream failing before its first chunk is retried once without streaming", async () => {
    const a = fake({
      steps: [{ kind: "error", status: 400, body: { error: { message: "stream unsupported" } } }],
    });
    const { c } = client({ modelList: [entry("primary", a, { streaming: { enabled: true } })] });
    const events = await collectEvents(c.chat(ask({ stream: true }), signal()));
    expect(last(events)).toMatchObject({ type: "done", result: { content: "echo: hi" } });
    expect(a.requests.map((r) => (r.body as { stream?: boolean }).stream)).toEqual([true, undefined]);
  });

  test("after a chunk was streamed, a failure is final: no retry, no fallback", async () => {
    // OpenRouter-style: a chunk of text, then an error payload inside the stream.
    const body =
      'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n' +
      'data: {"error":{"message":"upstream overloaded","code":502}}\n\n';
    const a = fake({ steps: [{ kind: "raw", body }] });
    const b = fake();
    const { c, time } = client({
      modelList: [entry("primary", a, { streaming: { enabled: true } }), entry("backup", b)],
      fallbacks: ["backup"],
    });
    const events = await collectEvents(c.chat(ask({ stream: true }), signal()));
    expect(events.some((e) => e.type === "text_delta")).toBe(true);
    // rate_limit would normally be retried and fall back; after visible output it is final.
    expect(last(events)).toMatchObject({
      type: "error",
      reason: "rate_limit",
      message: "upstream overloaded",
    });
    expect([a.requests.length, b.requests.length, time.t.waits.length]).toEqual([1, 0, 0]);
  });

  test("cancellation aborts the in-flight request and ends with canceled, without fallback", async () => {
    const a = fake({ steps: [{ kind: "hang" }] });
    const b = fake();
    const { c } = client({ modelList: [entry("primary", a), entry("backup", b)], fallbacks: ["backup"] });
    const controller = new AbortController();
    const done = collectEvents(c.chat(ask(), controller.signal));
    await a.received(1);
    controller.abort();
    expect(last(await done)).toMatchObject({ type: "error", reason: "canceled" });
    await a.requests[0]?.closed;
    expect(a.requests[0]?.aborted).toBe(true);
    expect(b.requests.length).toBe(0);
  });

  test("request_timeout applies per model and a timeout falls back", async () => {
    const a = fake({ steps: [{ kind: "hang" }] });
    const b = fake();
    const { c } = client({
      modelList: [entry("primary", a, { request_timeout: 0.05 }), entry("backup", b)],
      fallbacks: ["backup"],
    });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "done",
      result: { modelName: "backup" },
    });
    expect(a.requests[0]?.aborted).toBe(true);
  });

  test("the RPM bucket makes the only candidate wait for a token", async () => {
    const a = fake();
    const { c, time } = client({ modelList: [entry("primary", a, { rpm: 2 })] });
    for (let i = 0; i < 3; i++) await collectEvents(c.chat(ask(), signal()));
    expect(time.t.waits).toEqual([30_000]);
    expect(a.requests.length).toBe(3);
  });

  test("a locally saturated candidate is skipped in favour of the next one", async () => {
    const a = fake();
    const b = fake();
    const { c, time } = client({
      modelList: [entry("primary", a, { rpm: 1 }), entry("backup", b)],
      fallbacks: ["backup"],
    });
    await collectEvents(c.chat(ask(), signal()));
    await collectEvents(c.chat(ask(), signal()));
    expect([a.requests.length, b.requests.length, time.t.waits.length]).toEqual([1, 1, 0]);
  });

  test("a saturated candidate still waits when every other one is cooling down", async () => {
    const a = fake();
    const b = fake({ steps: [{ kind: "error", status: 429 }] });
    const { c, time } = client({
      modelList: [entry("primary", a, { rpm: 1 }), entry("backup", b)],
      fallbacks: ["backup"],
    });
    await collectEvents(c.chat(ask(), signal()));
    // a's token is spent, so b is tried and cools down; the retry then waits for a's next token.
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "done",
      result: { modelName: "primary" },
    });
    expect([a.requests.length, b.requests.length]).toEqual([2, 1]);
    expect(time.t.waits).toEqual([2000, 58_000]);
  });

  test("a chain cooling down after every model was unreachable reports an outage, not a rate limit", async () => {
    const down = (name: string): ModelEntry => ({
      model_name: name,
      model: `openai/${name}-model`,
      api_base: "http://127.0.0.1:9/v1",
      api_keys: ["sk"],
    });
    const { c } = client({
      modelList: [down("primary"), down("backup")],
      fallbacks: ["backup"],
      maxRetries: 0,
    });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({ reason: "network" });
    expect(last(await collectEvents(c.chat(ask(), signal())))).toMatchObject({
      type: "error",
      reason: "network",
      message: "every configured model is cooling down after being unreachable",
    });
  });

  test("no usable model yields one error with the setup hint", async () => {
    const { c } = client({ modelList: [], modelName: "" });
    expect(await collectEvents(c.chat(ask(), signal()))).toEqual([
      { type: "error", reason: "unknown", message: describeNoModel() },
    ]);
    expect(describeNoModel()).toContain("OPENAI_API_KEY");
  });
});
