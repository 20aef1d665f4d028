/** Starts what a bench measures on `port`: the floor (bench/floor.ts) or the gateway with the test config. */
import { freePort } from "../test/helpers/free-port.ts";
import { testConfig } from "../test/helpers/gateway-process.ts";
import { type ServerProcess, startServer } from "./server-process.ts";

export interface TargetSpec {
  floor: boolean;
  binary: string;
  port: number;
  env: Record<string, string>;
  llmUrl: string;
  token: string;
  extraChannels?: Record<string, unknown> | undefined;
  /** agents.defaults.context_window, when set. */
  contextWindow?: number | undefined;
  /** More agents.defaults fields (a bench's experiment). */
  defaults?: Record<string, unknown> | undefined;
}

export async function startTarget(spec: TargetSpec): Promise<ServerProcess> {
  if (spec.floor) {
    return startServer({
      command: [spec.binary],
      readyUrl: `http://127.0.0.1:${spec.port}/health`,
      env: { PORT: String(spec.port), ...spec.env },
    });
  }
  const config = testConfig({
    llmUrl: spec.llmUrl,
    gatewayPort: spec.port,
    maixcamPort: await freePort(),
    token: spec.token,
    ...(spec.extraChannels ? { extraChannels: spec.extraChannels } : {}),
  }) as { agents: { defaults: Record<string, unknown> } };
  if (spec.contextWindow !== undefined) config.agents.defaults["context_window"] = spec.contextWindow;
  Object.assign(config.agents.defaults, spec.defaults ?? {});
  return startServer({
    command: [spec.binary, "gateway"],
    readyUrl: `http://127.0.0.1:${spec.port}/ready`,
    env: spec.env,
    config,
  });
}
