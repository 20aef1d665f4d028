/**
 * Checks of the MQTT device bus settings that a schema cannot express: event topic filters are
 * valid MQTT filters, exposed tool names and the node id fit in a topic level, and the reply topic
 * has no wildcard. Reads the raw config defensively, so `config check` lists these together with
 * the schema's problems.
 */
import { topicFilterError } from "../lib/topic-filter.ts";
import type { ConfigIssue } from "./issues.ts";

type Obj = Record<string, unknown>;

/** Issues in every mqtt channel's device bus settings (enabled or not: a config is checked whole). */
export function checkMqttRules(raw: Obj): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const list = raw["channel_list"];
  if (!isObj(list)) return issues;
  for (const [name, entry] of Object.entries(list)) {
    if (!isObj(entry) || entry["type"] !== "mqtt" || !isObj(entry["settings"])) continue;
    const at = `channel_list.${name}.settings`;
    const s = entry["settings"];
    const topics = s["event_topics"];
    if (Array.isArray(topics)) {
      for (const [i, filter] of topics.entries()) {
        const error = typeof filter === "string" ? topicFilterError(filter) : undefined;
        if (error) issues.push({ path: `${at}.event_topics[${i}]`, message: error });
      }
    }
    const commands = isObj(s["tool_commands"]) ? s["tool_commands"] : {};
    const tools = commands["tools"];
    if (Array.isArray(tools)) {
      for (const [i, tool] of tools.entries()) {
        if (typeof tool === "string" && !/^[A-Za-z0-9_.-]+$/.test(tool))
          issues.push({
            path: `${at}.tool_commands.tools[${i}]`,
            message: `a tool name goes into a topic level: letters, digits, "_", "-", "." only (got "${tool}")`,
          });
      }
    }
    const reply = commands["reply_topic"];
    if (typeof reply === "string" && /[#+]/.test(reply))
      issues.push({ path: `${at}.tool_commands.reply_topic`, message: "a reply topic cannot hold + or #" });
    const ha = isObj(s["home_assistant"]) ? s["home_assistant"] : {};
    for (const key of ["node_id", "discovery_prefix"]) {
      const value = ha[key];
      if (typeof value === "string" && value !== "" && !/^[A-Za-z0-9_-]+$/.test(value))
        issues.push({
          path: `${at}.home_assistant.${key}`,
          message: `letters, digits, "_" and "-" only, as Home Assistant requires (got "${value}")`,
        });
    }
  }
  return issues;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
