/**
 * Where PicoClaw keeps its files: $PICOCLAW_CONFIG, else $PICOCLAW_HOME/config.json, else
 * ~/.picoclaw/config.json; `.security.yml` always sits beside config.json. Pure: env is passed in.
 */
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** Environment as read by the config loader (process.env in production, a literal in tests). */
export type Env = Record<string, string | undefined>;

/** Resolved locations of PicoClaw's home, config file and secrets overlay. */
export interface ConfigPaths {
  home: string;
  configPath: string;
  securityPath: string;
}

/** The user's home directory from env (HOME / USERPROFILE), falling back to the OS. */
function userHome(env: Env): string {
  return env["HOME"] || env["USERPROFILE"] || homedir();
}

/** Resolves home, config and secrets paths from the environment. */
export function resolvePaths(env: Env): ConfigPaths {
  const home = env["PICOCLAW_HOME"]?.trim()
    ? expandHome(env["PICOCLAW_HOME"].trim(), env)
    : join(userHome(env), ".picoclaw");
  const explicit = env["PICOCLAW_CONFIG"]?.trim();
  const configPath = explicit ? expandHome(explicit, env) : join(home, "config.json");
  return { home, configPath, securityPath: join(dirname(configPath), ".security.yml") };
}

/** Expands a leading "~" or "~/" to the user's home directory; other paths are unchanged. */
export function expandHome(path: string, env: Env): string {
  if (path === "~") return userHome(env);
  if (path.startsWith("~/")) return join(userHome(env), path.slice(2));
  return path;
}

/** The default workspace: $PICOCLAW_HOME/workspace, else ~/.picoclaw/workspace. */
export function defaultWorkspace(env: Env): string {
  return join(resolvePaths(env).home, "workspace");
}
