/**
 * The MQTT channel's wire rules (PicoClaw pkg/channels/mqtt), pure: topic names, the `{"text":…}`
 * payload both ways, the broker URL and the default client id.
 */

/** Topic prefix as PicoClaw normalises it: trailing slashes trimmed, "/picoclaw" when empty. */
export function topicPrefix(configured: string): string {
  const trimmed = configured.replace(/\/+$/, "");
  return trimmed === "" ? "/picoclaw" : trimmed;
}

/** The subscription: `{prefix}/{agent_id}/+/request`. */
export function requestTopic(prefix: string, agentId: string): string {
  return `${topicPrefix(prefix)}/${agentId}/+/request`;
}

/** Where replies to a conversation go: `{prefix}/{agent_id}/{client}/response`. */
export function responseTopic(prefix: string, agentId: string, client: string): string {
  return `${topicPrefix(prefix)}/${agentId}/${client}/response`;
}

/** The conversation id (the topic segment after the agent id), or undefined for a foreign topic. */
export function clientFromTopic(prefix: string, agentId: string, topic: string): string | undefined {
  const fixed = `${topicPrefix(prefix)}/${agentId}/`;
  if (!topic.startsWith(fixed)) return undefined;
  const rest = topic.slice(fixed.length);
  const slash = rest.indexOf("/");
  return slash < 0 ? undefined : rest.slice(0, slash);
}

/** An inbound payload: its text, or why it was dropped. */
export type ParsedPayload = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Reads `{"text":"…"}`. Like Go's json.Unmarshal into a struct: unknown keys are ignored, `null`
 * is an empty payload, a non-object or a non-string `text` is an error, and empty text is dropped.
 */
export function parsePayload(bytes: Uint8Array): ParsedPayload {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  if (value === null) return { ok: false, reason: "payload has no text" };
  if (typeof value !== "object" || Array.isArray(value))
    return { ok: false, reason: "payload is not an object" };
  const text: unknown = (value as { text?: unknown }).text;
  if (text !== undefined && text !== null && typeof text !== "string")
    return { ok: false, reason: "text is not a string" };
  if (typeof text !== "string" || text === "") return { ok: false, reason: "payload has no text" };
  return { ok: true, text };
}

/** `{"text":…}` as Go's json.Marshal writes it (HTML-safe escapes of `<`, `>`, `&`, U+2028/9). */
export function encodePayload(text: string): string {
  return JSON.stringify({ text: text.toWellFormed() }).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Connection facts taken from the broker URL. */
export interface BrokerAddress {
  protocol: "mqtt" | "mqtts" | "ws" | "wss";
  host: string;
  port: number;
  path?: string;
  username?: string;
  password?: string;
}

const SCHEMES: Record<string, { protocol: BrokerAddress["protocol"]; port: number }> = {
  "tcp:": { protocol: "mqtt", port: 1883 },
  "mqtt:": { protocol: "mqtt", port: 1883 },
  "ssl:": { protocol: "mqtts", port: 8883 },
  "tls:": { protocol: "mqtts", port: 8883 },
  "mqtts:": { protocol: "mqtts", port: 8883 },
  "ws:": { protocol: "ws", port: 80 },
  "wss:": { protocol: "wss", port: 443 },
};

/**
 * Parses `tcp://`, `ssl://`/`mqtts://`, `ws://`/`wss://` URLs (paho's and MQTT.js's schemes) with
 * WHATWG URL; handing MQTT.js an options object keeps it off the deprecated `url.parse` (DEP0169).
 */
export function parseBrokerUrl(broker: string): BrokerAddress | Error {
  let url: URL;
  try {
    url = new URL(broker.trim());
  } catch {
    return new Error(`invalid broker URL: ${broker}`);
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) return new Error(`unsupported broker scheme ${url.protocol} (use tcp, ssl, mqtts, ws or wss)`);
  if (url.hostname === "") return new Error(`broker URL has no host: ${broker}`);
  const address: BrokerAddress = {
    protocol: scheme.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : scheme.port,
  };
  if (scheme.protocol.startsWith("ws")) address.path = `${url.pathname}${url.search}` || "/";
  if (url.username) address.username = decodeURIComponent(url.username);
  if (url.password) address.password = decodeURIComponent(url.password);
  return address;
}

/** PicoClaw's default broker client id: `picoclaw-mqtt-<agent_id>-<8 hex>`, fixed per process. */
export function defaultClientId(agentId: string, random: (bytes: Uint8Array) => Uint8Array): string {
  const suffix = Array.from(random(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `picoclaw-mqtt-${agentId}-${suffix}`;
}
