/**
 * The `reflex` section (our addition, not PicoClaw's): rules that answer a device event with a fixed
 * action, without the LLM. Cross-field checks (known channel, an MQTT channel to use) are in
 * config/reflex-rules.ts.
 */
import * as v from "valibot";
import { bool, int, nonEmptyStr, str } from "../../lib/schema-fields.ts";

const TRIGGERS = '"maixcam", "mqtt" or "cron"';
const ACTIONS = '"send", "mqtt_publish" or "tool"';

/** How an MQTT payload must look: the whole text, a substring, or one JSON field compared. */
const payloadMatchSchema = v.optional(
  v.object(
    {
      equals: v.optional(v.string("expected a string")),
      contains: v.optional(v.string("expected a string")),
      /** Dotted path into the JSON payload, e.g. `state` or `sensor.temp`. */
      field: v.optional(nonEmptyStr()),
      op: v.optional(
        v.picklist(["eq", "ne", "gt", "gte", "lt", "lte"], "expected one of: eq, ne, gt, gte, lt, lte"),
        "eq",
      ),
      value: v.optional(
        v.union([v.string(), v.number(), v.boolean()], "expected a string, number or boolean"),
      ),
    },
    "expected an object",
  ),
);

const triggerSchema = v.variant(
  "type",
  [
    v.object({
      type: v.literal("maixcam"),
      /** Detection class; empty matches any class. */
      class: str(""),
      min_score: v.optional(
        v.pipe(
          v.number("expected a number from 0 to 1"),
          v.check((n) => n >= 0 && n <= 1, "expected a number from 0 to 1"),
        ),
        0,
      ),
    }),
    v.object({ type: v.literal("mqtt"), topic: nonEmptyStr(), payload: payloadMatchSchema }),
    v.object({ type: v.literal("cron"), expr: nonEmptyStr(), tz: str("") }),
  ],
  `expected an object with type ${TRIGGERS}`,
);

const actionSchema = v.variant(
  "type",
  [
    v.object({
      type: v.literal("send"),
      channel: nonEmptyStr(),
      chat_id: nonEmptyStr(),
      text: nonEmptyStr(),
    }),
    v.object({
      type: v.literal("mqtt_publish"),
      topic: nonEmptyStr(),
      payload: str(""),
      qos: int(0, 0, 2),
      retain: bool(false),
    }),
    v.object({
      type: v.literal("tool"),
      tool: nonEmptyStr(),
      args: v.optional(v.record(v.string(), v.unknown(), "expected an object"), {}),
    }),
  ],
  `expected an object with type ${ACTIONS}`,
);

/** One rule: when `trigger` fires, run `action`, at most once per `cooldown_seconds`. */
export const reflexRuleSchema = v.object(
  {
    name: str(""),
    enabled: bool(true),
    trigger: triggerSchema,
    action: actionSchema,
    cooldown_seconds: v.optional(
      v.pipe(
        v.number("expected a number ≥ 0"),
        v.check((n) => n >= 0, "expected a number ≥ 0"),
      ),
      0,
    ),
    /** True: the event that fired the rule does not go on to the LLM. Default false. */
    consume: bool(false),
  },
  "expected an object",
);

/** The whole section; absent means no rules. */
export const reflexSchema = v.optional(
  v.object(
    { rules: v.optional(v.array(reflexRuleSchema, "expected a list of rules"), []) },
    "expected an object",
  ),
  { rules: [] },
);

/** A validated rule. */
export type ReflexRule = v.InferOutput<typeof reflexRuleSchema>;
/** A validated trigger. */
export type ReflexTrigger = ReflexRule["trigger"];
/** A validated action. */
export type ReflexAction = ReflexRule["action"];
