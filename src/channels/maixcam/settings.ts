/** MaixCam channel settings: the schema with this port's defaults (loopback:18791, not Go's 0.0.0.0:18790). */

import { int, str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

const HOST = "127.0.0.1";

/** Schema entries of `channel_list.<name>.settings` for type `maixcam`. */
export const MAIXCAM_SETTINGS = {
  // Go defaults to 0.0.0.0:18790, which collides with the gateway port; we bind loopback
  // on 18791. LAN cameras need host "0.0.0.0" and should then set a token.
  host: str(HOST),
  port: int(18791, 0, 65535), // 0 = any free port, as for gateway.port
  token: str(),
  max_frame_bytes: int(64 * 1024, 256),
  rate_limit_per_sec: int(5, 0),
};

/** Parsed `channel_list.<name>.settings` of a maixcam channel. */
export interface MaixcamSettings {
  host: string;
  port: number;
  /** Empty = no auth (Go's behaviour); set it whenever the port is reachable from a LAN. */
  token: string;
  maxFrameBytes: number;
  rateLimitPerSec: number;
}

/** Reads settings with the schema's defaults; an empty host means the default host. */
export function readMaixcamSettings(raw: unknown): MaixcamSettings {
  const s = parseSettings(MAIXCAM_SETTINGS, raw);
  return {
    host: s.host || HOST,
    port: s.port,
    token: s.token,
    maxFrameBytes: s.max_frame_bytes,
    rateLimitPerSec: s.rate_limit_per_sec,
  };
}
