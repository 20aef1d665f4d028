/**
 * `gateway` and `heartbeat`. The host is normalised after env overrides (gateway-host.ts);
 * the default binds loopback only, as Go does, but as plain IPv4 so Bun binds one socket.
 */
import * as v from "valibot";
import { bool, int, num, oneOf, section, str } from "../../lib/schema-fields.ts";

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

const loose = <const E extends v.ObjectEntries>(entries: E) => {
  const schema = v.looseObject(entries, "expected an object");
  return v.optional(schema, {} as v.InferInput<typeof schema>);
};
const list = (def: readonly string[]) =>
  v.optional(v.array(v.string("expected a string"), "expected a list of strings"), [...def]);

/**
 * Sections of Go's Config with Go's DefaultConfig values. This port does not run hooks, event logging,
 * isolation, evolution, device monitoring or voice; they load (unknown keys kept) and `picoclaw status`
 * says which are enabled but not run here.
 */
export const looseSections = {
  isolation: loose({ enabled: bool(false), expose_paths: v.optional(v.array(v.unknown()), []) }),
  evolution: loose({
    enabled: bool(false),
    mode: str("observe"),
    state_dir: str(),
    min_task_count: int(2, 0),
    min_success_ratio: num(0.7),
    cold_path_trigger: str("after_turn"),
    cold_path_times: list([]),
  }),
  events: loose({
    logging: loose({
      enabled: bool(true),
      include: list(["agent.*"]),
      exclude: list([]),
      min_severity: oneOf(["debug", "info", "warn", "error"], "info"),
      include_payload: bool(false),
    }),
  }),
  hooks: loose({
    enabled: bool(true),
    defaults: loose({
      observer_timeout_ms: int(500, 0),
      interceptor_timeout_ms: int(5000, 0),
      approval_timeout_ms: int(60_000, 0),
    }),
    builtins: v.optional(v.record(v.string(), v.unknown(), "expected an object"), {}),
    processes: v.optional(v.record(v.string(), v.unknown(), "expected an object"), {}),
  }),
  devices: loose({ enabled: bool(false), monitor_usb: bool(true) }),
  voice: loose({ model_name: str(), tts_model_name: str(), echo_transcription: bool(false) }),
  build_info: loose({}),
};
