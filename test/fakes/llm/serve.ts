/**
 * A scripted LLM HTTP server on 127.0.0.1 (port 0 by default), generic over the wire dialect. It
 * records every request (headers lower-cased, JSON body) and notices when the client goes away,
 * so tests can assert that cancellation really reached the server.
 */
import { answerOf, type FakeAnswer, type FakeScript, type FakeStep } from "./script.ts";

/** How one wire API formats answers. */
export interface Dialect {
  /** Path suffix the server answers on (any prefix, so any api_base path works). */
  pathSuffix: string;
  /** Text of the last user (or tool result) message, for echo. */
  lastText(body: unknown): string;
  json(answer: FakeAnswer, model: string): unknown;
  /** SSE events (complete "…\n\n" blocks) for a streamed answer; `end` false omits the final events. */
  sse(answer: FakeAnswer, model: string, end: boolean): string[];
  errorBody(status: number): unknown;
}

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** True once the client disconnected before the answer was complete. */
  aborted: boolean;
  /** Resolves when the exchange ends (answer finished or client gone). */
  closed: Promise<void>;
}

/** A running fake. */
export interface FakeLlmServer {
  /** Base URL to use as `api_base` (ends in /v1). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  push(...steps: FakeStep[]): void;
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void>;
  stop(): Promise<void>;
}

const encoder = new TextEncoder();

function pieces(events: string[], chunkBytes: number): Uint8Array[] {
  if (chunkBytes <= 0) return events.map((e) => encoder.encode(e));
  const all = encoder.encode(events.join(""));
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += chunkBytes) out.push(all.subarray(i, i + chunkBytes));
  return out;
}

/** Starts a fake speaking `dialect`, playing `script`. */
export function startFakeServer(dialect: Dialect, script: FakeScript = {}, port = 0): FakeLlmServer {
  const steps: FakeStep[] = [...(script.steps ?? [])];
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const respond = async (request: Request, record: RecordedRequest, done: () => void): Promise<Response> => {
    const body = record.body;
    const stream = typeof body === "object" && body !== null && "stream" in body && body.stream === true;
    const model = typeof body === "object" && body !== null && "model" in body ? String(body.model) : "fake";
    const step: FakeStep =
      steps.shift() ?? (script.whenEmpty === "error" ? { kind: "error", status: 500 } : { kind: "echo" });
    if (step.delayMs) await Bun.sleep(step.delayMs);
    if (step.kind === "hang") {
      await record.closed;
      return new Response(null, { status: 499 });
    }
    if (step.kind === "error") {
      done();
      const payload = step.body ?? dialect.errorBody(step.status);
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      return new Response(text, {
        status: step.status,
        headers: { "content-type": "application/json", ...step.headers },
      });
    }
    if (step.kind === "raw") {
      done();
      const contentType = step.contentType ?? "text/event-stream";
      return new Response(step.body, {
        status: step.status ?? 200,
        headers: { "content-type": contentType },
      });
    }
    const answer = answerOf(step, dialect.lastText(body));
    if (!stream && step.kind !== "stall" && step.kind !== "drop") {
      done();
      return Response.json(dialect.json(answer, model));
    }
    const parts = pieces(dialect.sse(answer, model, step.kind !== "stall"), step.chunkBytes ?? 0);
    const sse = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [i, part] of parts.entries()) {
          if (record.aborted) return;
          if (step.kind === "drop" && i === Math.floor(parts.length / 2)) {
            controller.error();
            return done();
          }
          controller.enqueue(part);
          // Separate writes, so the client really sees the awkward boundaries.
          await Bun.sleep(0);
        }
        if (step.kind === "stall") return;
        controller.close();
        done();
      },
      cancel() {
        record.aborted = true;
        done();
      },
    });
    request.signal.addEventListener("abort", () => {
      record.aborted = true;
      done();
    });
    return new Response(sse, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  };

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    idleTimeout: 0,
    // A scripted "drop" errors the body stream on purpose; keep Bun from printing it as a crash.
    error: () => new Response("fake server error", { status: 500 }),
    async fetch(request) {
      const path = new URL(request.url).pathname;
      if (request.method !== "POST" || !path.endsWith(dialect.pathSuffix)) {
        return new Response("not found", { status: 404 });
      }
      let done = () => {};
      const closed = new Promise<void>((resolve) => {
        done = resolve;
      });
      const text = await request.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      const record: RecordedRequest = {
        method: request.method,
        path,
        headers: Object.fromEntries([...request.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])),
        body,
        aborted: false,
        closed,
      };
      request.signal.addEventListener("abort", () => {
        record.aborted = true;
        done();
      });
      requests.push(record);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
      return respond(request, record, done);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    port: server.port ?? 0,
    requests,
    push: (...more) => {
      steps.push(...more);
    },
    received: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    stop: () => server.stop(true),
  };
}

/** Runs a fake as its own process: `--port N`, script from `--script file.json`, FAKE_LLM_SCRIPT or FAKE_LLM_STEPS. */
export async function runFakeFromCli(dialect: Dialect, argv: readonly string[]): Promise<void> {
  const { parseScript } = await import("./script.ts");
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = arg("--script") ?? process.env["FAKE_LLM_SCRIPT"];
  const inline = process.env["FAKE_LLM_STEPS"];
  const script = file ? parseScript(await Bun.file(file).text()) : inline ? parseScript(inline) : {};
  const fake = startFakeServer(dialect, script, Number(arg("--port") ?? 0));
  process.stdout.write(`${fake.url}\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
