/**
 * Starts the `reflex` rules of the config: MaixCam detections arrive through the channel manager's
 * inbound gate, MQTT topics through the reflexes' own broker link, cron ticks from timers here.
 * Actions go out through the bus (so the outbox and retries apply), the MQTT link, or the tool
 * registry — never through the LLM.
 */
import { readFile } from "node:fs/promises";
import type { MessageBus } from "../bus/bus.ts";
import type { InboundMessage } from "../bus/message.ts";
import { detectionClassOf } from "../channels/maixcam/protocol.ts";
import { readMqttSettings } from "../channels/mqtt/settings.ts";
import type { Config } from "../config/index.ts";
import type { ReflexAction } from "../config/schema/reflex.ts";
import { parseCronExpr } from "../cron/cron-expr.ts";
import { nextCronTime } from "../cron/schedule.ts";
import { delay } from "../lib/delay.ts";
import { createLogger } from "../lib/logger.ts";
import type { ToolRegistry } from "../tools/tool.ts";
import { createReflexEngine } from "./engine.ts";
import { fillTemplate, matchesTrigger } from "./match.ts";
import { openReflexMqttLink, type ReflexMqttLink } from "./mqtt-link.ts";

const log = createLogger("reflex");

/** What the gateway hands over. */
export interface StartReflexesOptions {
  config: Config;
  bus: MessageBus;
  tools: ToolRegistry;
  workspace: string;
  signal: AbortSignal;
}

/** Running reflexes. */
export interface Reflexes {
  /** The channel manager's inbound gate: false when a rule consumed the message. */
  gate(message: InboundMessage): boolean;
  /** True when an enabled `consume` rule matches this MQTT message (the device bus then keeps it from the LLM). */
  consumesMqtt(topic: string, payload: string): boolean;
  /** Waits for running actions and closes the MQTT link. */
  stop(): Promise<void>;
}

/** Builds the engine and its event sources; with no rules it costs nothing. */
export function startReflexes(options: StartReflexesOptions): Reflexes {
  const { config, bus, tools, workspace, signal } = options;
  const rules = config.reflex.rules;
  if (rules.length === 0) return { gate: () => true, consumesMqtt: () => false, stop: async () => {} };
  let linkReady: Promise<ReflexMqttLink> | undefined;
  const run = async (action: ReflexAction, facts: Record<string, string>): Promise<void> => {
    switch (action.type) {
      case "send":
        await bus.publishOutbound(
          {
            context: { channel: action.channel, chatId: action.chat_id },
            content: fillTemplate(action.text, facts),
          },
          { signal },
        );
        return;
      case "mqtt_publish":
        if (!linkReady) throw new Error("no MQTT link (is an mqtt channel enabled?)");
        await (await linkReady).publish(action.topic, fillTemplate(action.payload, facts), {
          qos: action.qos === 1 || action.qos === 2 ? action.qos : 0,
          retain: action.retain,
        });
        return;
      case "tool": {
        const args = JSON.parse(fillTemplate(JSON.stringify(action.args), facts)) as unknown;
        const context = { channel: "reflex", chatId: "reflex", sessionKey: "reflex", workspace, signal };
        const result = await tools.execute(action.tool, args, { ...context, isInternal: true });
        if (result.isError) throw new Error(`tool ${action.tool}: ${result.content}`);
        log.info("reflex tool ran", { tool: action.tool, output: result.content.slice(0, 200) });
        return;
      }
      default:
        action satisfies never;
    }
  };
  const engine = createReflexEngine({ rules, run, log });

  const maixcams = new Set(
    Object.entries(config.channel_list)
      .filter(([, c]) => c.enabled && c.type === "maixcam")
      .map(([name]) => name),
  );
  const mqttEntry = Object.values(config.channel_list).find((c) => c.enabled && c.type === "mqtt");
  const topics = rules.flatMap((r) => (r.enabled && r.trigger.type === "mqtt" ? [r.trigger.topic] : []));
  const needsLink = rules.some(
    (r) => r.enabled && (r.trigger.type === "mqtt" || r.action.type === "mqtt_publish"),
  );
  if (mqttEntry && needsLink) {
    // Not awaited: the gateway's listeners must not wait for a broker.
    linkReady = openReflexMqttLink({
      settings: readMqttSettings(mqttEntry.settings),
      topics: [...new Set(topics)],
      onMessage: (topic, payload) => void engine.offer({ kind: "mqtt", topic, payload }),
      readFile: (path) => readFile(path, "utf8"),
      log,
    });
  }
  for (const [index, rule] of rules.entries()) {
    if (rule.enabled && rule.trigger.type === "cron") void runCron(index, rule.trigger, engine.offer, signal);
  }
  log.info("reflex rules loaded", { rules: rules.filter((r) => r.enabled).length });
  return {
    gate(message) {
      const raw = message.context.raw;
      const className = detectionClassOf(message.content);
      if (!maixcams.has(message.context.channel) || className === undefined) return true;
      const event = { kind: "maixcam" as const, className, score: Number(raw?.["score"] ?? 0) };
      return !engine.offer(event);
    },
    consumesMqtt(topic, payload) {
      const event = { kind: "mqtt" as const, topic, payload };
      return rules.some((r, i) => r.enabled && r.consume && matchesTrigger(r.trigger, event, i));
    },
    async stop() {
      await engine.idle();
      await (await linkReady)?.close();
    },
  };
}

/** Offers a cron tick for rule `index` at each time its expression names, until `signal` aborts. */
async function runCron(
  index: number,
  trigger: { expr: string; tz: string },
  offer: (event: { kind: "cron"; ruleIndex: number }) => boolean,
  signal: AbortSignal,
): Promise<void> {
  const parsed = parseCronExpr(trigger.expr);
  if (!parsed.ok) return;
  const zone = trigger.tz || Intl.DateTimeFormat().resolvedOptions().timeZone;
  while (!signal.aborted) {
    const next = nextCronTime(parsed.value, Date.now(), zone);
    if (next === undefined) return;
    try {
      await delay(Math.max(0, next - Date.now()), signal);
    } catch {
      return;
    }
    offer({ kind: "cron", ruleIndex: index });
  }
}
