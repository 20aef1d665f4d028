/**
 * The `picoclaw status` lines for agents, dispatch, session and the sections PicoClaw defines that this
 * port loads with Go's defaults but does not run (hooks, events, isolation, evolution, devices, voice,
 * gateway hot reload). A section that is on but not run here says so, instead of looking active.
 */
import type { Config } from "../config/index.ts";

const NOT_RUN = "not run by this port";

/** One line per section. */
export function sectionLines(config: Config): string[] {
  const { agents, session, hooks, events, isolation, evolution, devices, voice, gateway } = config;
  const list = agents.list.map((a) => {
    const model = a.model?.primary || agents.defaults.model_name || "no model";
    return `${a.id}${a.default ? " (default)" : ""} → ${model}`;
  });
  const logging = events.logging;
  const processes = Object.keys(hooks.processes).length + Object.keys(hooks.builtins).length;
  const off = (enabled: boolean, detail: string) => (enabled ? `on (${detail})` : "off");
  return [
    `agents: ${list.length > 0 ? list.join(", ") : `main (default) → ${agents.defaults.model_name || "no model"}`}`,
    `dispatch rules: ${agents.dispatch.rules.length} (first match wins)`,
    `session dimensions: ${session.dimensions.length > 0 ? session.dimensions.join(", ") : "(one session per agent)"}`,
    `hooks: ${
      hooks.enabled
        ? `enabled, ${processes} configured (${NOT_RUN}); timeouts observer ${hooks.defaults.observer_timeout_ms} ms, interceptor ${hooks.defaults.interceptor_timeout_ms} ms, approval ${hooks.defaults.approval_timeout_ms} ms`
        : "disabled"
    }`,
    `events logging: ${off(logging.enabled, `include ${logging.include.join(", ") || "(none)"}, min severity ${logging.min_severity}; ${NOT_RUN}, the gateway logs to stderr`)}`,
    `gateway hot reload: ${off(gateway.hot_reload, `${NOT_RUN}: restart the gateway to apply config changes`)}`,
    `isolation: ${off(isolation.enabled, NOT_RUN)}`,
    `evolution: ${off(evolution.enabled, `mode ${evolution.mode}; ${NOT_RUN}`)}`,
    `devices: ${off(devices.enabled, `monitor_usb ${devices.monitor_usb}; ${NOT_RUN}`)}`,
    `voice: ${voice.model_name || voice.tts_model_name ? `configured (${NOT_RUN})` : "off"}`,
  ];
}
