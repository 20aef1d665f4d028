/**
 * Checks that need more than one field: settings required while a channel is enabled, and
 * singleton types. They read the raw config defensively, so they run even when the schema
 * also failed and `config check` still lists everything at once.
 */
import type { ConfigIssue } from "./issues.ts";
import {
  CHANNEL_WARNINGS,
  GO_ONLY_CHANNEL_TYPES,
  isSupportedChannelType,
  REQUIRED_WHEN_ENABLED,
  SINGLETON_CHANNEL_TYPES,
} from "./schema/channel-settings.ts";

type Obj = Record<string, unknown>;

/** Issues and warnings about the channel list as a whole. */
export function checkChannelRules(raw: Obj): { issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const list = raw["channel_list"];
  if (!isObj(list)) return { issues, warnings };
  const enabledByType = new Map<string, string[]>();
  for (const [name, entry] of Object.entries(list)) {
    if (!isObj(entry) || entry["enabled"] !== true || typeof entry["type"] !== "string") continue;
    const type = entry["type"];
    enabledByType.set(type, [...(enabledByType.get(type) ?? []), name]);
    if ((GO_ONLY_CHANNEL_TYPES as readonly string[]).includes(type)) {
      warnings.push(`channel_list.${name}: type "${type}" is not run by this port; the channel stays off`);
    }
    if (!isSupportedChannelType(type)) continue;
    const settings = isObj(entry["settings"]) ? entry["settings"] : {};
    for (const warning of CHANNEL_WARNINGS[type]?.(settings) ?? [])
      warnings.push(`channel_list.${name}: ${warning}`);
    for (const field of REQUIRED_WHEN_ENABLED[type]) {
      const value = settings[field];
      if (typeof value === "string" && value.trim() !== "") continue;
      issues.push({
        path: `channel_list.${name}.settings.${field}`,
        message: "expected a non-empty string (required while the channel is enabled)",
      });
    }
  }
  for (const type of SINGLETON_CHANNEL_TYPES) {
    const names = enabledByType.get(type) ?? [];
    if (names.length > 1) {
      issues.push({
        path: `channel_list.${names[1]}`,
        message: `only one "${type}" channel may be enabled (enabled: ${names.join(", ")})`,
      });
    }
  }
  return { issues, warnings };
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
