/**
 * MQTT.js connect options from the channel settings. TLS is verified unless the config says
 * `insecure_skip_verify: true` (PicoClaw always skips verification; we do not).
 */
import type { IClientOptions } from "mqtt";
import type { MqttSettings } from "./settings.ts";
import { parseBrokerUrl } from "./topics.ts";

/** Milliseconds between reconnect attempts (PicoClaw's paho ConnectRetryInterval). */
export const RECONNECT_MS = 5000;

/** Builds the options; throws on a bad broker URL or an unreadable TLS file. */
export async function buildClientOptions(
  s: MqttSettings,
  clientId: string,
  readFile: (path: string) => Promise<string>,
): Promise<IClientOptions> {
  const address = parseBrokerUrl(s.broker);
  if (address instanceof Error) throw address;
  const tls = address.protocol === "mqtts" || address.protocol === "wss";
  const read = (path: string) => (tls && path ? readFile(path) : Promise.resolve(undefined));
  const [ca, cert, key] = await Promise.all([read(s.caFile), read(s.certFile), read(s.keyFile)]);
  return {
    ...address,
    ...(s.username ? { username: s.username, password: s.password } : {}),
    clientId,
    protocolVersion: 4,
    keepalive: s.keepAlive,
    // QoS 0 has nothing to queue; with QoS ≥ 1 a persistent session makes the broker hold
    // requests that arrive while this gateway is disconnected (MQTT 3.1.1 §3.1.2.4).
    clean: s.qos === 0,
    reconnectPeriod: RECONNECT_MS,
    connectTimeout: 10_000,
    // We subscribe ourselves on every connect; MQTT.js's own resubscribe would double it.
    resubscribe: false,
    // Skips mqtt-packet's 65,536 pre-built buffers: about 7 MB less RSS once connected.
    writeCache: false,
    rejectUnauthorized: !s.insecureSkipVerify,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}
