/**
 * `gateway` and `heartbeat`. The host is normalised after env overrides (gateway-host.ts);
 * the default binds loopback only, as Go does, but as plain IPv4 so Bun binds one socket.
 */
import * as v from "valibot";
import { bool, int, oneOf, section, str } from "../../lib/schema-fields.ts";

/** Default gateway port, shared with the Pico channel (it lives on the gateway server). */
export const DEFAULT_GATEWAY_PORT = 18790;

/** Schema of `gateway`. */
export const gatewaySchema = section({
  host: str("127.0.0.1"),
  port: int(DEFAULT_GATEWAY_PORT, 0, 65535),
  hot_reload: bool(false),
  log_level: oneOf(["debug", "info", "warn", "error", "fatal"], "warn"),
});

/** Schema of `heartbeat` (interval in minutes; 0 → 30, below 5 → 5, applied in load.ts). */
export const heartbeatSchema = section({
  enabled: bool(true),
  interval: int(30, 0),
});

/** Sections of Go's Config this port does not interpret; kept loosely so files still load. */
export const looseSections = {
  isolation: v.optional(v.looseObject({ enabled: bool(false) }, "expected an object"), {}),
  evolution: v.optional(v.looseObject({ enabled: bool(false) }, "expected an object"), {}),
  events: v.optional(v.looseObject({}, "expected an object"), {}),
  hooks: v.optional(v.looseObject({ enabled: bool(true) }, "expected an object"), {}),
  devices: v.optional(
    v.looseObject({ enabled: bool(false), monitor_usb: bool(true) }, "expected an object"),
    {},
  ),
  voice: v.optional(
    v.looseObject(
      { model_name: str(), tts_model_name: str(), echo_transcription: bool(false) },
      "expected an object",
    ),
    {},
  ),
  build_info: v.optional(v.looseObject({}, "expected an object"), {}),
};
