/**
 * `model_list[]`: one ModelConfig per alias. Several entries may share a `model_name`
 * (load balancing); api keys usually arrive from `.security.yml` in place of "[NOT_HERE]".
 */
import * as v from "valibot";
import { anyMap, bool, int, oneOf, section, str, strList, strMap } from "../../lib/schema-fields.ts";

// Go's ModelConfig.Validate rules, one message each so the user sees which rule broke.
const modelId = v.pipe(
  v.string("expected a non-empty string"),
  v.check((s) => s.trim() !== "", "expected a non-empty string"),
  v.check((s) => !/\s/.test(s), "must not contain whitespace"),
  v.check((s) => !s.startsWith("/"), "must not start with /"),
  v.check((s) => !s.includes("//"), "must not contain //"),
);

/** Schema of one `model_list` entry. */
export const modelSchema = v.object(
  {
    model_name: v.pipe(
      v.string("expected a non-empty string"),
      v.check((s) => s.trim() !== "", "expected a non-empty string"),
    ),
    /** "" → inferred from the `model` prefix (providers/registry). */
    provider: str(),
    model: modelId,
    api_base: str(),
    api_keys: strList(),
    proxy: str(),
    fallbacks: strList(),
    auth_method: str(),
    connect_mode: str(),
    workspace: str(),
    rpm: int(0, 0),
    max_tokens_field: str(),
    /** Seconds; 0 → 120 (resolved in load.ts). */
    request_timeout: int(120, 0),
    thinking_level: oneOf(["", "off", "low", "medium", "high", "xhigh", "adaptive"], ""),
    tool_schema_transform: oneOf(["", "simple"], ""),
    streaming: section({ enabled: bool(false) }),
    extra_body: anyMap(),
    custom_headers: strMap(),
    /** Our default is true: an entry the user wrote is meant to be used. */
    enabled: bool(true),
    user_agent: str(),
  },
  "expected an object",
);

/** Schema of `model_list`. */
export const modelListSchema = v.optional(
  v.pipe(
    v.nullable(v.array(modelSchema, "expected a list of models")),
    v.transform((list) => list ?? []),
  ),
  [],
);
