/** Drains one provider stream into a result or a failure, forwarding text deltas to an optional sink. */
import type { StreamSink } from "../../bus/stream-sink.ts";
import type { ChatRequest, ChatResult, FailureReason, Provider } from "../../providers/provider.ts";

/** How one model call ended. */
export type CallOutcome =
  | { ok: true; result: ChatResult }
  | { ok: false; reason: FailureReason; message: string; status?: number | undefined };

/** Calls the provider and waits for its terminal event. Never throws (a throwing provider is a bug we absorb). */
export async function collectResponse(
  provider: Provider,
  request: ChatRequest,
  signal: AbortSignal,
  sink?: StreamSink,
): Promise<CallOutcome> {
  try {
    for await (const event of provider.chat(request, signal)) {
      switch (event.type) {
        case "text_delta":
          sink?.delta(event.text);
          break;
        case "reasoning_delta":
          break;
        case "done":
          return { ok: true, result: event.result };
        case "error":
          return { ok: false, reason: event.reason, message: event.message, status: event.status };
        default: {
          const never: never = event;
          return { ok: false, reason: "format", message: `unknown provider event ${JSON.stringify(never)}` };
        }
      }
    }
    return signal.aborted
      ? { ok: false, reason: "canceled", message: "canceled" }
      : { ok: false, reason: "format", message: "provider stream ended without a result" };
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: "canceled", message: "canceled" };
    return { ok: false, reason: "unknown", message: error instanceof Error ? error.message : String(error) };
  }
}
