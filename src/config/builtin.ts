/**
 * The config used when there is no config.json: useful at once, safe by default. The gateway
 * and both device channels listen on loopback only; the Pico token is generated on first start
 * and kept in $PICOCLAW_HOME/pico.token (mode 600). MaixCam gets its own port 18791 (Go's 18790
 * collides with the gateway); cameras on the LAN need host "0.0.0.0" and a token.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Env } from "./paths.ts";

type Obj = Record<string, unknown>;

/** Returns the name of the first model a local Ollama serves, or undefined if none answers. */
export type OllamaProbe = (baseUrl: string) => Promise<string | undefined>;

/** Where Ollama is looked for when no API key is set. */
export const OLLAMA_URL = "http://127.0.0.1:11434";

/** File (inside PicoClaw's home) holding the generated Pico channel token. */
export const PICO_TOKEN_FILE = "pico.token";

/** Builds the raw built-in config (it then goes through the normal env overlay and validation). */
export async function builtinRawConfig(
  env: Env,
  home: string,
  probeOllama: OllamaProbe,
): Promise<{ raw: Obj; warnings: string[] }> {
  const warnings: string[] = [];
  const token = picoToken(home, warnings);
  const model = await detectModel(env, probeOllama);
  if (!model) {
    warnings.push(
      "no model configured: set OPENAI_API_KEY or ANTHROPIC_API_KEY, start Ollama, or run `picoclaw onboard` and edit model_list",
    );
  }
  const raw: Obj = {
    version: 3,
    agents: { defaults: { model_name: model ? model["model_name"] : "" } },
    model_list: model ? [model] : [],
    gateway: { host: "127.0.0.1", port: 18790 },
    channel_list: {
      // Explicitly open ("*"): Pico is guarded by its token, MaixCam listens on loopback only.
      pico: { enabled: true, type: "pico", allow_from: ["*"], settings: { token } },
      maixcam: {
        enabled: true,
        type: "maixcam",
        allow_from: ["*"],
        settings: { host: "127.0.0.1", port: 18791 },
      },
    },
  };
  return { raw, warnings };
}

/** Reads the stored Pico token, or creates one (crypto random, file mode 600). */
export function picoToken(home: string, warnings: string[]): string {
  const file = join(home, PICO_TOKEN_FILE);
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (stored !== "") return stored;
  } catch {
    // Not there yet: generate below.
  }
  const token = randomBytes(24).toString("base64url");
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    warnings.push(`could not store the Pico token in ${file} (${String(error)}); it changes on every start`);
  }
  return token;
}

async function detectModel(env: Env, probeOllama: OllamaProbe): Promise<Obj | undefined> {
  const openai = env["OPENAI_API_KEY"]?.trim();
  if (openai) {
    return {
      model_name: "gpt-5.4",
      provider: "openai",
      model: "gpt-5.4",
      api_base: env["OPENAI_BASE_URL"]?.trim() || "https://api.openai.com/v1",
      api_keys: [openai],
    };
  }
  const anthropic = env["ANTHROPIC_API_KEY"]?.trim();
  if (anthropic) {
    return {
      model_name: "claude-sonnet-4.6",
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      api_base: "https://api.anthropic.com/v1",
      api_keys: [anthropic],
    };
  }
  const local = await probeOllama(OLLAMA_URL).catch(() => undefined);
  if (!local) return undefined;
  return { model_name: local, provider: "ollama", model: local, api_base: `${OLLAMA_URL}/v1` };
}

/** The real probe: GET /api/tags with a short timeout; the first model's name. */
export async function probeOllamaTags(baseUrl: string, timeoutMs = 800): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body: unknown = await response.json();
    const models =
      typeof body === "object" && body !== null ? (body as { models?: unknown }).models : undefined;
    const first: unknown = Array.isArray(models) ? models[0] : undefined;
    const name = typeof first === "object" && first !== null ? (first as { name?: unknown }).name : undefined;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}
