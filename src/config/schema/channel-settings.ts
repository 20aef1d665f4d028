/**
 * `channel_list.<name>.settings`, one entries table per channel type this port runs.
 * The tables double as the list of env overrides (PICOCLAW_CHANNELS_<TYPE>_<FIELD>) and of
 * "did you mean to put it under settings?" hints, so a field added here is wired everywhere.
 */
import type * as v from "valibot";
import { bool, int, section, str, strList } from "../../lib/schema-fields.ts";

const streaming = (enabled: boolean) =>
  section({
    enabled: bool(enabled),
    throttle_seconds: int(0, 0),
    min_growth_chars: int(0, 0),
  });

const port = (def: number) => int(def, 1, 65535);

/** Settings entries per supported channel type. */
export const CHANNEL_SETTINGS = {
  pico: {
    /** Required while enabled; the built-in config generates one (pico.token). */
    token: str(),
    allow_token_query: bool(false),
    allow_origins: strList(),
    ping_interval: int(30, 0),
    read_timeout: int(60, 0),
    write_timeout: int(10, 0),
    max_connections: int(100, 1),
    max_frame_bytes: int(1024 * 1024, 1024),
    streaming: streaming(true),
  },
  maixcam: {
    // Go defaults to 0.0.0.0:18790, which collides with the gateway port; we bind loopback
    // on 18791. LAN cameras need host "0.0.0.0" and should then set a token.
    host: str("127.0.0.1"),
    port: port(18791),
    token: str(),
    max_frame_bytes: int(64 * 1024, 256),
    rate_limit_per_sec: int(5, 0),
  },
  mqtt: {
    broker: str(),
    agent_id: str(),
    topic_prefix: str("/picoclaw"),
    client_id: str(),
    username: str(),
    password: str(),
    keep_alive: int(60, 0),
    qos: int(0, 0, 2),
    tls: section({ ca_file: str(), cert_file: str(), key_file: str() }),
    // Go always skips verification; we verify unless told otherwise.
    insecure_skip_verify: bool(false),
  },
  telegram: {
    token: str(),
    base_url: str(),
    proxy: str(),
    use_markdown_v2: bool(false),
    media_group_delay_ms: int(500, 0),
    streaming: streaming(false),
  },
  discord: {
    token: str(),
    base_url: str(),
    proxy: str(),
    mention_only: bool(false),
  },
  slack: {
    bot_token: str(),
    app_token: str(),
    base_url: str(),
  },
  line: {
    channel_secret: str(),
    channel_access_token: str(),
    base_url: str(),
    webhook_host: str(),
    webhook_port: int(0, 0, 65535),
    webhook_path: str("/webhook/line"),
  },
  onebot: {
    ws_url: str("ws://127.0.0.1:3001"),
    access_token: str(),
    reconnect_interval: int(5, 0),
    group_trigger_prefix: strList(),
    /** Hosts, IPs or CIDRs that inbound media URLs may name although they are private (SSRF guard). */
    media_host_whitelist: strList(),
  },
  whatsapp: {
    bridge_url: str("ws://localhost:3001"),
    use_native: bool(false),
    session_store_path: str(),
  },
} as const satisfies Record<string, v.ObjectEntries>;

/** A channel type this port can run. */
export type SupportedChannelType = keyof typeof CHANNEL_SETTINGS;

/** Channel types this port runs, in a stable order for messages. */
export const SUPPORTED_CHANNEL_TYPES = Object.keys(CHANNEL_SETTINGS) as SupportedChannelType[];

/** Types PicoClaw (Go) knows but this port does not run: accepted, never started. */
export const GO_ONLY_CHANNEL_TYPES = [
  "pico_client",
  "feishu",
  "weixin",
  "wecom",
  "dingtalk",
  "matrix",
  "qq",
  "irc",
  "vk",
  "whatsapp_native",
  "teams_webhook",
  "slack_webhook",
] as const;

/** Settings that must be non-empty strings while the channel is enabled. */
export const REQUIRED_WHEN_ENABLED: Record<SupportedChannelType, readonly string[]> = {
  pico: ["token"],
  maixcam: [],
  mqtt: ["broker", "agent_id"],
  telegram: ["token"],
  discord: ["token"],
  slack: ["bot_token", "app_token"],
  line: ["channel_secret", "channel_access_token"],
  onebot: ["ws_url"],
  whatsapp: ["bridge_url"],
};

/** Types of which at most one instance may be enabled (Go: singleton registry). */
export const SINGLETON_CHANNEL_TYPES: readonly string[] = ["pico", "pico_client"];

/** True when `type` is a channel type this port runs. */
export function isSupportedChannelType(type: string): type is SupportedChannelType {
  return Object.hasOwn(CHANNEL_SETTINGS, type);
}
