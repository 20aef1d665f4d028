/**
 * `tools`: one block per built-in tool. Defaults follow Go's DefaultConfig except
 * `exec.allow_remote`, which is false here (Go: true; its docs say false): running shell
 * commands on behalf of remote chat users must be opted into.
 */
import * as v from "valibot";
import { bool, int, oneOf, section, str, strList, strMap } from "../../lib/schema-fields.ts";
import { webSchema } from "./tools-web.ts";

const toggle = (enabled: boolean) => section({ enabled: bool(enabled) });

const mcpServer = v.object(
  {
    enabled: bool(false),
    /** Absent → follow tools.mcp.discovery.enabled. */
    deferred: v.optional(v.boolean("expected true or false")),
    command: str(),
    args: strList(),
    env: strMap(),
    env_file: str(),
    type: oneOf(["", "stdio", "sse", "http", "streamable-http"], ""),
    url: str(),
    headers: strMap(),
  },
  "expected an object",
);

/** Schema of `tools`. */
export const toolsSchema = section({
  allow_read_paths: strList(),
  allow_write_paths: strList(),
  filter_sensitive_data: bool(true),
  /** ≤ 0 → 8 (applied in load.ts). */
  filter_min_length: int(8),
  web: webSchema,
  cron: section({
    enabled: bool(true),
    exec_timeout_minutes: int(5, 0),
    allow_command: bool(true),
  }),
  exec: section({
    enabled: bool(true),
    enable_deny_patterns: bool(true),
    /** Deliberately false (Go: true). */
    allow_remote: bool(false),
    custom_deny_patterns: strList(),
    custom_allow_patterns: strList(),
    timeout_seconds: int(60, 0),
  }),
  skills: section({
    enabled: bool(true),
    registries: v.optional(
      v.record(
        v.string(),
        v.looseObject({ enabled: bool(true), base_url: str(), auth_token: str() }, "expected an object"),
        "expected an object of registries",
      ),
      {},
    ),
    /** Deprecated in Go in favour of registries.github; still read. */
    github: section({ base_url: str(), proxy: str(), token: str() }),
    max_concurrent_searches: int(2, 1),
    search_cache: section({ max_size: int(50, 0), ttl_seconds: int(300, 0) }),
  }),
  media_cleanup: section({
    enabled: bool(true),
    max_age_minutes: int(30, 0),
    interval_minutes: int(5, 0),
  }),
  mcp: section({
    enabled: bool(false),
    discovery: section({
      enabled: bool(false),
      ttl: int(5, 0),
      max_search_results: int(5, 0),
      use_bm25: bool(true),
      use_regex: bool(false),
    }),
    max_inline_text_chars: int(16 * 1024, 0),
    servers: v.optional(v.record(v.string(), mcpServer, "expected an object of servers"), {}),
  }),
  append_file: toggle(true),
  edit_file: toggle(true),
  find_skills: toggle(true),
  install_skill: toggle(true),
  list_dir: toggle(true),
  load_image: toggle(true),
  message: section({ enabled: bool(true), media_enabled: bool(false) }),
  read_file: section({
    enabled: bool(true),
    mode: oneOf(["bytes", "lines"], "bytes"),
    max_read_file_size: int(64 * 1024, 1),
  }),
  send_file: toggle(true),
  send_tts: toggle(false),
  spawn: toggle(true),
  spawn_status: toggle(false),
  subagent: toggle(true),
  web_fetch: toggle(true),
  write_file: toggle(true),
  i2c: toggle(false),
  spi: toggle(false),
  serial: toggle(false),
});
