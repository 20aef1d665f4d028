/** Drains a provider event stream into an array (tests, `--dry-run` printing, one-shot CLI calls). */
import type { ProviderEvent } from "./provider.ts";

/** All events of `stream`, in order. */
export async function collectEvents(stream: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
