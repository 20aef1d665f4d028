/** MaixCam channel settings with this port's defaults (loopback:18791, not Go's 0.0.0.0:18790). */

/** Parsed `channel_list.<name>.settings` of a maixcam channel. */
export interface MaixcamSettings {
  host: string;
  port: number;
  /** Empty = no auth (Go's behaviour); set it whenever the port is reachable from a LAN. */
  token: string;
  maxFrameBytes: number;
  rateLimitPerSec: number;
}

/** Defaults, matching the config schema. */
export const MAIXCAM_DEFAULTS: MaixcamSettings = {
  host: "127.0.0.1",
  port: 18791,
  token: "",
  maxFrameBytes: 64 * 1024,
  rateLimitPerSec: 5,
};

function field<T>(raw: Record<string, unknown>, key: string, fallback: T): T {
  const value = raw[key];
  return typeof value === typeof fallback ? (value as T) : fallback;
}

/** Reads settings already validated by the config loader; missing or mistyped fields take defaults. */
export function readMaixcamSettings(raw: unknown): MaixcamSettings {
  const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const d = MAIXCAM_DEFAULTS;
  return {
    host: field(record, "host", d.host) || d.host,
    port: field(record, "port", d.port),
    token: field(record, "token", d.token),
    maxFrameBytes: field(record, "max_frame_bytes", d.maxFrameBytes),
    rateLimitPerSec: field(record, "rate_limit_per_sec", d.rateLimitPerSec),
  };
}
