/**
 * The root schema of config.json version 3 and the types inferred from it. Every section has
 * defaults, so a parsed Config holds plain values and consumers never re-apply fallbacks.
 */
import * as v from "valibot";
import { agentsSchema, sessionSchema } from "./agents.ts";
import type { channelSchema } from "./channels.ts";
import { channelListSchema } from "./channels.ts";
import { gatewaySchema, heartbeatSchema, looseSections } from "./gateway.ts";
import type { modelSchema } from "./models.ts";
import { modelListSchema } from "./models.ts";
import { reflexSchema } from "./reflex.ts";
import { toolsSchema } from "./tools.ts";

/** The config schema version this port reads natively. */
export const CURRENT_CONFIG_VERSION = 3;

/** Schema of the whole config (after migration to version 3). */
export const configSchema = v.object(
  {
    version: v.optional(
      v.literal(CURRENT_CONFIG_VERSION, `expected ${CURRENT_CONFIG_VERSION} (after migration)`),
      CURRENT_CONFIG_VERSION,
    ),
    agents: agentsSchema,
    session: sessionSchema,
    model_list: modelListSchema,
    channel_list: channelListSchema,
    gateway: gatewaySchema,
    tools: toolsSchema,
    heartbeat: heartbeatSchema,
    reflex: reflexSchema,
    ...looseSections,
  },
  "expected a JSON object at the top level",
);

/** A validated config with every default applied (snake_case keys, as in config.json). */
export type Config = v.InferOutput<typeof configSchema>;

/** One `channel_list` entry; narrow on `type` to reach typed `settings`. */
export type ChannelConfig = v.InferOutput<typeof channelSchema>;

/** One `model_list` entry. */
export type ModelConfig = v.InferOutput<typeof modelSchema>;
