/** The schema defaults as a Config: what an empty config.json means (no model, no channels). */
import * as v from "valibot";
import { applyFallbacks } from "./fallbacks.ts";
import type { Env } from "./paths.ts";
import { type Config, configSchema } from "./schema/config.ts";

/** A fresh Config with every default applied; `env` locates the default workspace. */
export function defaultConfig(env: Env = process.env): Config {
  return applyFallbacks(v.parse(configSchema, {}), env);
}
