/** Pico channel settings (`channel_list.pico.settings`): the schema (PicoClaw's defaults) and the parsed shape. */

import { bool, int, section, str, strList } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Seconds between pings; 0 in config.json means this default, as in PicoClaw. */
const PING_INTERVAL = 30;
/** Seconds without a frame before the connection is closed; 0 means this default. */
const READ_TIMEOUT = 60;

/** Schema entries of `channel_list.<name>.settings` for type `pico` (max_frame_bytes is this port's addition). */
export const PICO_SETTINGS = {
  /** Required while enabled; the built-in config generates one (pico.token). */
  token: str(),
  allow_token_query: bool(false),
  allow_origins: strList(),
  ping_interval: int(PING_INTERVAL, 0),
  read_timeout: int(READ_TIMEOUT, 0),
  write_timeout: int(10, 0),
  max_connections: int(100, 1),
  max_frame_bytes: int(1024 * 1024, 1024),
  streaming: section({
    enabled: bool(true),
    throttle_seconds: int(0, 0),
    min_growth_chars: int(1, 0),
  }),
};

/** Parsed Pico settings. Times are in seconds, as in config.json. */
export interface PicoSettings {
  token: string;
  allowTokenQuery: boolean;
  /** Empty = any Origin; `*` also allows any. */
  allowOrigins: readonly string[];
  pingInterval: number;
  readTimeout: number;
  maxConnections: number;
  /** Larger frames close only their connection (1009). */
  maxFrameBytes: number;
  streaming: { enabled: boolean; throttleSeconds: number; minGrowthChars: number };
}

/** Reads settings with the schema's defaults. Throws when the token is empty. */
export function readPicoSettings(raw: unknown): PicoSettings {
  const s = parseSettings(PICO_SETTINGS, raw);
  const token = s.token.trim();
  if (token === "") throw new Error("pico token is required (channel_list.pico.settings.token)");
  return {
    token,
    allowTokenQuery: s.allow_token_query,
    allowOrigins: s.allow_origins.filter((o) => o !== ""),
    pingInterval: s.ping_interval > 0 ? s.ping_interval : PING_INTERVAL,
    readTimeout: s.read_timeout > 0 ? s.read_timeout : READ_TIMEOUT,
    maxConnections: s.max_connections,
    maxFrameBytes: s.max_frame_bytes,
    streaming: {
      enabled: s.streaming.enabled,
      throttleSeconds: s.streaming.throttle_seconds,
      minGrowthChars: s.streaming.min_growth_chars,
    },
  };
}
