/** MQTT channel settings as the config loader validated them, with PicoClaw's defaults. */

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
}

type Raw = Record<string, unknown>;

function asRecord(value: unknown): Raw {
  return typeof value === "object" && value !== null ? (value as Raw) : {};
}

function str(raw: Raw, key: string, fallback = ""): string {
  const value = raw[key];
  return typeof value === "string" ? value : fallback;
}

function int(raw: Raw, key: string, fallback: number): number {
  const value = raw[key];
  return typeof value === "number" && Number.isInteger(value) ? value : fallback;
}

/** Reads settings; TLS files may sit under `tls` (our schema) or at the top level. */
export function readMqttSettings(raw: unknown): MqttSettings {
  const r = asRecord(raw);
  const { tls: tlsRaw, insecure_skip_verify } = r;
  const tls = asRecord(tlsRaw);
  const qos = int(r, "qos", 0);
  return {
    broker: str(r, "broker"),
    agentId: str(r, "agent_id"),
    topicPrefix: str(r, "topic_prefix", "/picoclaw"),
    clientId: str(r, "client_id"),
    username: str(r, "username"),
    password: str(r, "password"),
    keepAlive: int(r, "keep_alive", 60) > 0 ? int(r, "keep_alive", 60) : 60,
    qos: qos === 1 || qos === 2 ? qos : 0,
    caFile: str(tls, "ca_file", str(r, "ca_file")),
    certFile: str(tls, "cert_file", str(r, "cert_file")),
    keyFile: str(tls, "key_file", str(r, "key_file")),
    insecureSkipVerify: insecure_skip_verify === true,
  };
}
