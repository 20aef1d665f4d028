/** Pico channel settings (`channel_list.pico.settings`) with PicoClaw's defaults; an empty token is refused. */

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

/** Defaults (PicoSettings in PicoClaw's config; max_frame_bytes is this port's addition). */
export const PICO_DEFAULTS: Omit<PicoSettings, "token"> = {
  allowTokenQuery: false,
  allowOrigins: [],
  pingInterval: 30,
  readTimeout: 60,
  maxConnections: 100,
  maxFrameBytes: 1024 * 1024,
  streaming: { enabled: true, throttleSeconds: 0, minGrowthChars: 1 },
};

/** Reads settings already validated by the config loader. Throws when the token is empty. */
export function readPicoSettings(raw: unknown): PicoSettings {
  const r = asRecord(raw);
  const token = typeof r["token"] === "string" ? r["token"].trim() : "";
  if (token === "") throw new Error("pico token is required (channel_list.pico.settings.token)");
  const s = asRecord(r["streaming"]);
  const d = PICO_DEFAULTS;
  return {
    token,
    allowTokenQuery: bool(r["allow_token_query"], d.allowTokenQuery),
    allowOrigins: Array.isArray(r["allow_origins"])
      ? r["allow_origins"].filter((o): o is string => typeof o === "string" && o !== "")
      : d.allowOrigins,
    pingInterval: positive(r["ping_interval"], d.pingInterval),
    readTimeout: positive(r["read_timeout"], d.readTimeout),
    maxConnections: positive(r["max_connections"], d.maxConnections),
    maxFrameBytes: positive(r["max_frame_bytes"], d.maxFrameBytes),
    streaming: {
      enabled: bool(s["enabled"], d.streaming.enabled),
      throttleSeconds: nonNegative(s["throttle_seconds"], d.streaming.throttleSeconds),
      minGrowthChars: nonNegative(s["min_growth_chars"], d.streaming.minGrowthChars),
    },
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

/** Zero or less means "use the default", as PicoClaw does for intervals and limits. */
function positive(value: unknown, fallback: number): number {
  return typeof value === "number" && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === "number" && value >= 0 ? value : fallback;
}
