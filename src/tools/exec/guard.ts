/**
 * The exec guard: decides whether a shell command may run. Order: deny list (never bypassed, fixing
 * #3079), custom allow list (may only narrow), then the workspace checks (traversal, absolute paths
 * outside, symlink escapes). Returns the refusal text, or undefined when the command may run.
 */
import { lstat } from "node:fs/promises";
import { resolve } from "node:path";
import { isInside, realPath } from "../fs/workspace-path.ts";
import { DEFAULT_DENY_RULES, type DenyRule, denyCheckForms } from "./deny-patterns.ts";

/** Guard settings, from `tools.exec` and `agents.defaults.restrict_to_workspace`. */
export interface ExecGuardOptions {
  workspace: string;
  restrictToWorkspace: boolean;
  /** Turns the default deny list off (PicoClaw `enable_deny_patterns`, default true). */
  enableDenyPatterns?: boolean | undefined;
  /** Extra regular expressions (matched on the lowercased command) that block a command. */
  customDenyPatterns?: readonly string[] | undefined;
  /** When non-empty, a command must match one of these as well as pass the deny list. */
  customAllowPatterns?: readonly string[] | undefined;
  /** Directories outside the workspace that commands may name (allow_read/write_paths). */
  allowPaths?: readonly string[] | undefined;
  /** What `~` means to the command: the HOME the exec tool passes (the workspace when restricted). */
  home: string;
}

/** Checks one command run from `cwd`; resolves to a refusal message or undefined. */
export type ExecGuard = (command: string, cwd: string) => Promise<string | undefined>;

/** Kernel pseudo-devices that hold no user data; naming them is always fine. */
const SAFE_PATHS: ReadonlySet<string> = new Set([
  "/dev/null",
  "/dev/zero",
  "/dev/random",
  "/dev/urandom",
  "/dev/stdin",
  "/dev/stdout",
  "/dev/stderr",
  "/dev/tty",
]);

/** `../`, `..\`, `.../` and a bare `..` argument; a plain `...` is not traversal. */
const TRAVERSAL = /\.\.(?:[\\/]\.\.)*[\\/]|(?:^|[\s'"=])\.\.(?=$|[\s'";|&)])/;

/** Web URLs whose paths are not local files (file:// is deliberately absent). */
const WEB_URL = /^(?:https?|ftps?|sftp|ssh|git|wss?):\/\//;

/** Builds a guard. Throws on an invalid custom pattern: that is a config error to fix at startup. */
export function createExecGuard(options: ExecGuardOptions): ExecGuard {
  const deny: DenyRule[] = options.enableDenyPatterns === false ? [] : [...DEFAULT_DENY_RULES];
  for (const source of options.customDenyPatterns ?? []) {
    deny.push({ pattern: compile(source, "custom_deny_patterns"), reason: "custom deny pattern" });
  }
  const allow = (options.customAllowPatterns ?? []).map((source) => compile(source, "custom_allow_patterns"));

  return async (command, cwd) => {
    const forms = denyCheckForms(command);
    for (const { pattern, reason } of deny) {
      if (forms.some((form) => pattern.test(form))) {
        return `Command blocked by safety guard (dangerous pattern detected: ${reason})`;
      }
    }
    if (allow.length > 0 && !allow.some((pattern) => forms.some((form) => pattern.test(form)))) {
      return "Command blocked by safety guard (not in allowlist)";
    }
    if (!options.restrictToWorkspace) return undefined;
    if (TRAVERSAL.test(command)) return "Command blocked by safety guard (path traversal detected)";
    const roots = await Promise.all([options.workspace, ...(options.allowPaths ?? [])].map(realRoot));
    for (const { path, hostEntry } of commandPaths(command, cwd, options.home)) {
      if (SAFE_PATHS.has(path)) continue;
      // `wttr.in/Berlin` is a URL unless `wttr.in` exists here (then it may be a symlink, #2965).
      if (hostEntry !== undefined && !(await exists(hostEntry))) continue;
      let real: string;
      try {
        real = await realPath(path);
      } catch {
        return "Command blocked by safety guard (path resolution failed)";
      }
      if (SAFE_PATHS.has(real)) continue;
      if (!roots.some((root) => isInside(real, root))) {
        return "Command blocked by safety guard (path outside working dir)";
      }
    }
    return undefined;
  };
}

/**
 * Absolute paths a command names: tokens (or `--flag=` values) starting with `/` or `~`, `file://`
 * URLs, and relative paths with a slash (so a symlink `link/x` is checked too). Web URLs and
 * scheme-less `host.tld/path` forms are skipped, as in PicoClaw.
 */
export function commandPaths(command: string, cwd: string, home: string): CommandPath[] {
  const paths: CommandPath[] = [];
  for (const token of command.split(/[\s;|&<>'"`()]+/)) {
    if (token === "" || WEB_URL.test(token.toLowerCase())) continue;
    const value = token.startsWith("-") && token.includes("=") ? token.slice(token.indexOf("=") + 1) : token;
    const text = value.toLowerCase().startsWith("file://") ? value.slice("file://".length) : value;
    if (text.startsWith("/")) paths.push({ path: resolve(text) });
    else if (text === "~" || text.startsWith("~/")) paths.push({ path: resolve(home, text.slice(2)) });
    else if (text.includes("/") && !text.startsWith("-")) {
      const first = text.slice(0, text.indexOf("/"));
      const path = resolve(cwd, text);
      paths.push(looksLikeHost(first) ? { path, hostEntry: resolve(cwd, first) } : { path });
    }
  }
  return paths;
}

/** A path a command names; `hostEntry` is set when its first segment reads as a host name. */
export interface CommandPath {
  path: string;
  hostEntry?: string;
}

function looksLikeHost(host: string): boolean {
  return (
    /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(host) &&
    !/\.(?:sh|py|js|ts|txt|md|json)$/i.test(host)
  );
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function realRoot(path: string): Promise<string> {
  try {
    return await realPath(resolve(path));
  } catch {
    return resolve(path);
  }
}

function compile(source: string, field: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(`invalid tools.exec.${field} entry ${JSON.stringify(source)}: ${String(error)}`);
  }
}
