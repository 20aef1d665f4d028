/**
 * An MQTT test client that records every message it gets and lets a test wait for the first one on
 * a topic that passes a check (retained ones included), without polling.
 */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/** One received message. */
export interface SeenMessage {
  topic: string;
  payload: string;
  retain: boolean;
  correlation?: string | undefined;
}

/** A connected watcher. */
export interface TopicWatch {
  client: MqttClient;
  seen: SeenMessage[];
  /** Resolves with the first message (seen before or later) on `topic` that `check` accepts. */
  next(topic: string, check?: (m: SeenMessage) => boolean, timeoutMs?: number): Promise<SeenMessage>;
  close(): Promise<void>;
}

/** Connects to `url` and subscribes `filters`. */
export async function watchTopics(
  url: string,
  filters: string[],
  options: IClientOptions = {},
): Promise<TopicWatch> {
  const client = await mqtt.connectAsync(url, options);
  const seen: SeenMessage[] = [];
  const waiters: { topic: string; check: (m: SeenMessage) => boolean; resolve(m: SeenMessage): void }[] = [];
  client.on("message", (topic, payload, packet) => {
    const data = packet.properties?.correlationData;
    const message = {
      topic,
      payload: payload.toString(),
      retain: packet.retain,
      correlation: data?.toString(),
    };
    seen.push(message);
    for (const w of [...waiters]) {
      if (w.topic !== topic || !w.check(message)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    client,
    seen,
    next(topic, check = () => true, timeoutMs = 20_000) {
      const found = seen.find((m) => m.topic === topic && check(m));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`nothing on ${topic} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          topic,
          check,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => client.endAsync(),
  };
}
