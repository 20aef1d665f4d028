/**
 * An instant "echo: <text>" OpenAI-compatible LLM for soaks and benchmarks. It speaks the same wire
 * format as test/fakes/openai-server.ts (it reuses that dialect) but records nothing, so its own memory
 * stays flat over hours and 100k requests in a 128 MB VM. In the guest it runs as `driver llm --port N`.
 */
import { echoText } from "../fakes/llm/script.ts";
import { openAIDialect } from "../fakes/openai-server.ts";

/** A running echo LLM. */
export interface EchoLlm {
  url: string;
  port: number;
  /** Requests answered so far. */
  readonly served: number;
  stop(): Promise<void>;
}

/** The reply budget a request sets (`max_tokens` or `max_completion_tokens`), as characters at ~4 per token. */
function maxChars(body: unknown): number {
  if (typeof body !== "object" || body === null) return Number.POSITIVE_INFINITY;
  const record = body as Record<string, unknown>;
  const tokens = record["max_tokens"] ?? record["max_completion_tokens"];
  return typeof tokens === "number" && tokens > 0 ? tokens * 4 : Number.POSITIVE_INFINITY;
}

function isStream(body: unknown): boolean {
  return typeof body === "object" && body !== null && "stream" in body && body.stream === true;
}

/** Starts the echo LLM on 127.0.0.1 (`port` 0 picks a free one). */
export function startEchoLlm(port = 0): EchoLlm {
  let served = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    idleTimeout: 0,
    async fetch(request) {
      if (request.method !== "POST" || !new URL(request.url).pathname.endsWith(openAIDialect.pathSuffix)) {
        return new Response("not found", { status: 404 });
      }
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return new Response("bad json", { status: 400 });
      }
      served++;
      // A real API stops at max_tokens: so does the echo (a summary request echoes its whole prompt).
      const answer = {
        text: echoText(openAIDialect.lastText(body)).slice(0, maxChars(body)),
        reasoning: "",
        calls: [],
      };
      if (!isStream(body)) return Response.json(openAIDialect.json(answer, "echo"));
      return new Response(openAIDialect.sse(answer, "echo", true).join(""), {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    port: server.port ?? 0,
    get served() {
      return served;
    },
    stop: () => server.stop(true),
  };
}
