/**
 * Checks of `reflex.rules` that need the rest of the config: a `send` action names an enabled
 * channel, MQTT triggers and actions have an enabled MQTT channel to connect through, cron
 * expressions parse. Like channel-rules.ts it reads the raw config defensively, so `config check`
 * lists these together with the schema's problems.
 */
import { parseCronExpr } from "../cron/cron-expr.ts";
import type { ConfigIssue } from "./issues.ts";

type Obj = Record<string, unknown>;

/** Issues and warnings about the reflex rules. */
export function checkReflexRules(raw: Obj): { issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const section = raw["reflex"];
  const rules = isObj(section) ? section["rules"] : undefined;
  if (!Array.isArray(rules)) return { issues, warnings };
  const enabled = enabledChannels(raw["channel_list"]);
  const names = [...enabled.keys()];
  const hasType = (type: string) => [...enabled.values()].includes(type);
  for (const [index, rule] of rules.entries()) {
    if (!isObj(rule)) continue;
    const at = `reflex.rules[${index}]`;
    const trigger = isObj(rule["trigger"]) ? rule["trigger"] : {};
    const action = isObj(rule["action"]) ? rule["action"] : {};
    if (trigger["type"] === "cron" && typeof trigger["expr"] === "string" && trigger["expr"].trim() !== "") {
      const parsed = parseCronExpr(trigger["expr"]);
      if (!parsed.ok) issues.push({ path: `${at}.trigger.expr`, message: parsed.error });
    }
    const usesMqtt = trigger["type"] === "mqtt" || action["type"] === "mqtt_publish";
    if (usesMqtt && !hasType("mqtt")) {
      const where = trigger["type"] === "mqtt" ? "trigger" : "action";
      issues.push({
        path: `${at}.${where}`,
        message: "needs an enabled channel of type mqtt (its broker settings are used)",
      });
    }
    if (trigger["type"] === "maixcam" && !hasType("maixcam")) {
      warnings.push(`${at}.trigger: no maixcam channel is enabled, so this rule never fires`);
    }
    const channel = action["channel"];
    if (action["type"] === "send" && typeof channel === "string" && channel !== "" && !enabled.has(channel)) {
      issues.push({
        path: `${at}.action.channel`,
        message: `unknown channel "${channel}" (enabled channels: ${names.join(", ") || "none"})`,
      });
    }
  }
  return { issues, warnings };
}

/** Enabled `channel_list` entries: name → type. */
function enabledChannels(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObj(list)) return out;
  for (const [name, entry] of Object.entries(list)) {
    if (isObj(entry) && entry["enabled"] === true) out.set(name, String(entry["type"] ?? name));
  }
  return out;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
