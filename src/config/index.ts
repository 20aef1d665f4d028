/** Public surface of the config module: load, validate, explain. Other folders import only this. */

export { normaliseFlexibleList, parseListText } from "../lib/flexible-list.ts";
export { OLLAMA_URL, PICO_TOKEN_FILE, probeOllamaTags } from "./builtin.ts";
export { defaultConfig } from "./defaults.ts";
export { effectiveFilterMinLength, effectiveHeartbeatInterval } from "./fallbacks.ts";
export { normaliseHostInput } from "./gateway-host.ts";
export { type ConfigIssue, formatIssues } from "./issues.ts";
export { type LoadOptions, type LoadResult, loadConfig } from "./load.ts";
export { type ConfigPaths, defaultWorkspace, type Env, expandHome, resolvePaths } from "./paths.ts";
export {
  GO_ONLY_CHANNEL_TYPES,
  isSupportedChannelType,
  SUPPORTED_CHANNEL_TYPES,
  type SupportedChannelType,
} from "./schema/channel-settings.ts";
export { DEFAULT_PLACEHOLDER_TEXT } from "./schema/channels.ts";
export {
  type ChannelConfig,
  type Config,
  CURRENT_CONFIG_VERSION,
  type ModelConfig,
} from "./schema/config.ts";
export { DEFAULT_GATEWAY_PORT } from "./schema/gateway.ts";
