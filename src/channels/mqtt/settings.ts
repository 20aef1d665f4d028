/** MQTT channel settings: the schema with PicoClaw's defaults, and the parsed shape the channel uses. */

import { bool, int, section, str, strList } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Seconds; 0 in config.json means this default. */
const KEEP_ALIVE = 60;

/** Schema entries of `channel_list.<name>.settings` for type `mqtt`. */
export const MQTT_SETTINGS = {
  broker: str(),
  agent_id: str(),
  topic_prefix: str("/picoclaw"),
  client_id: str(),
  username: str(),
  password: str(),
  keep_alive: int(KEEP_ALIVE, 0),
  qos: int(0, 0, 2),
  tls: section({ ca_file: str(), cert_file: str(), key_file: str() }),
  // Go always skips verification; we verify unless told otherwise.
  insecure_skip_verify: bool(false),
  // Ours (issue 11, MQTT as a device bus); all off by default.
  /** Home Assistant MQTT discovery; availability by the connection's last will. */
  home_assistant: section({ enabled: bool(false), discovery_prefix: str("homeassistant"), node_id: str() }),
  /** Topic filters whose messages reach the agent as inbound events. */
  event_topics: strList(),
  /** Tools callable on `{prefix}/{agent_id}/tool/<name>/call`; none unless listed. */
  tool_commands: section({ tools: strList(), reply_topic: str() }),
};

/** Parsed `channel_list.<name>.settings` of an mqtt channel. */
export interface MqttSettings {
  broker: string;
  agentId: string;
  topicPrefix: string;
  /** Broker client id; empty = `picoclaw-mqtt-<agent_id>-<8 hex>`. */
  clientId: string;
  username: string;
  password: string;
  keepAlive: number;
  qos: 0 | 1 | 2;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Go always skips TLS verification; here it must be asked for. */
  insecureSkipVerify: boolean;
  homeAssistant: { enabled: boolean; discoveryPrefix: string; nodeId: string };
  eventTopics: string[];
  /** Tool names callable by command topic, and the reply topic (`{tool}` is replaced). */
  toolCommands: { tools: string[]; replyTopic: string };
}

/** Reads settings with the schema's defaults; TLS files sit under `tls`. */
export function readMqttSettings(raw: unknown): MqttSettings {
  const s = parseSettings(MQTT_SETTINGS, raw);
  return {
    broker: s.broker,
    agentId: s.agent_id,
    topicPrefix: s.topic_prefix,
    clientId: s.client_id,
    username: s.username,
    password: s.password,
    keepAlive: s.keep_alive > 0 ? s.keep_alive : KEEP_ALIVE,
    qos: s.qos === 1 || s.qos === 2 ? s.qos : 0,
    caFile: s.tls.ca_file,
    certFile: s.tls.cert_file,
    keyFile: s.tls.key_file,
    insecureSkipVerify: s.insecure_skip_verify,
    homeAssistant: {
      enabled: s.home_assistant.enabled,
      discoveryPrefix: s.home_assistant.discovery_prefix || "homeassistant",
      nodeId: s.home_assistant.node_id,
    },
    eventTopics: s.event_topics,
    toolCommands: { tools: s.tool_commands.tools, replyTopic: s.tool_commands.reply_topic },
  };
}
