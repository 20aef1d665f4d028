/**
 * `agents` (defaults, list, dispatch) and `session`. Defaults follow Go's DefaultConfig; the
 * "0 means fallback" rules (max_tokens 0 → 8192 …) are applied in load.ts after parsing.
 */
import * as v from "valibot";
import { bool, int, looseSection, num, oneOf, section, str, strList } from "../../lib/schema-fields.ts";

const modelRef = v.optional(
  v.pipe(
    v.union(
      [
        v.string(),
        v.object({
          primary: str(),
          fallbacks: strList(),
        }),
      ],
      'expected a model name or {"primary", "fallbacks"}',
    ),
    v.transform((value) => (typeof value === "string" ? { primary: value, fallbacks: [] } : value)),
  ),
);

const agentDefaults = section({
  workspace: str(),
  restrict_to_workspace: bool(true),
  allow_read_outside_workspace: bool(false),
  provider: str(),
  model_name: str(),
  model_fallbacks: strList(),
  image_model: str(),
  image_model_fallbacks: strList(),
  max_tokens: int(32768, 0),
  /** 0 → max_tokens × 4 (resolved in load.ts). */
  context_window: int(0, 0),
  /** null → the agent's own default (0.7). */
  temperature: v.optional(v.nullable(v.number("expected a number or null")), null),
  max_tool_iterations: int(50, 0),
  summarize_message_threshold: int(20, 0),
  summarize_token_percent: int(75, 0, 100),
  max_media_size: int(20 * 1024 * 1024, 0),
  routing: section({
    enabled: bool(false),
    light_model: str(),
    threshold: num(0),
  }),
  steering_mode: oneOf(["one-at-a-time", "all"], "one-at-a-time"),
  max_parallel_turns: int(1, 0),
  subturn: section({
    max_depth: int(3, 0),
    max_concurrent: int(5, 0),
    default_timeout_minutes: int(5, 0),
    default_token_budget: int(0, 0),
    concurrency_timeout_sec: int(30, 0),
  }),
  tool_feedback: section({
    enabled: bool(false),
    max_args_length: int(300, 0),
    separate_messages: bool(false),
  }),
  split_on_marker: bool(false),
  context_manager: str(),
  context_manager_config: v.optional(v.unknown()),
  turn_profile: looseSection(),
  max_llm_retries: int(2, 0),
  llm_retry_backoff_secs: int(2, 0),
  /** Ours: messages kept on disk while no model is reachable, answered in order when one is back. */
  offline_queue: section({
    enabled: bool(true),
    max_messages: int(100, 1, 100_000),
    max_bytes: int(1024 * 1024, 1024),
    probe_min_secs: int(5, 1),
    probe_max_secs: int(300, 1),
  }),
});

const agentEntry = v.object(
  {
    id: v.pipe(
      v.string("expected a non-empty string"),
      v.check((s) => s.trim() !== "", "expected a non-empty string"),
    ),
    default: bool(false),
    name: str(),
    /** "" → ~/.picoclaw/workspace-<id> (resolved by the agent registry). */
    workspace: str(),
    model: modelRef,
    skills: strList(),
    subagents: v.optional(v.object({ allow_agents: strList(), model: modelRef }, "expected an object")),
  },
  "expected an object",
);

const dispatchRule = v.object(
  {
    name: str(),
    agent: v.pipe(
      v.string("expected a non-empty string"),
      v.check((s) => s.trim() !== "", "expected a non-empty string"),
    ),
    when: section({
      channel: str(),
      account: str(),
      space: str(),
      chat: str(),
      topic: str(),
      sender: str(),
      /** Absent means "either". */
      mentioned: v.optional(v.boolean("expected true or false")),
    }),
    session_dimensions: strList(),
  },
  "expected an object",
);

/** Schema of `agents`. */
export const agentsSchema = section({
  defaults: agentDefaults,
  list: v.optional(v.array(agentEntry, "expected a list of agents"), []),
  dispatch: section({
    rules: v.optional(v.array(dispatchRule, "expected a list of rules"), []),
  }),
});

// Go's legacy dm_scope names map onto session dimensions when dimensions are not given.
const DM_SCOPES: Record<string, string[]> = {
  "per-channel-peer": ["chat", "sender"],
  "per-channel": ["chat"],
  "per-peer": ["sender"],
  global: [],
};

/** Schema of `session`. */
export const sessionSchema = v.optional(
  v.pipe(
    v.object(
      {
        dimensions: v.optional(v.array(v.string("expected a string"), "expected a list of strings")),
        identity_links: v.optional(
          v.record(v.string(), v.array(v.string("expected a string")), "expected an object of lists"),
          {},
        ),
        dm_scope: oneOf(["", "per-channel-peer", "per-channel", "per-peer", "global"], ""),
      },
      "expected an object",
    ),
    v.transform((s) => ({
      ...s,
      dimensions: s.dimensions ?? DM_SCOPES[s.dm_scope] ?? ["chat"],
    })),
  ),
  {},
);
