/** Namespaced logger: one line per event, a sentence plus a small object of fields, to stderr. */

export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: LogLevel = "info";
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Sets the minimum level for every logger (PicoClaw's `fatal` maps to `error`). */
export function setLogLevel(level: string): void {
  const normal = level.trim().toLowerCase();
  threshold = normal === "fatal" ? "error" : normal in ORDER ? (normal as LogLevel) : "info";
}

/** Redirects output (tests capture lines with this). Returns a function that restores the previous sink. */
export function setLogSink(next: (line: string) => void): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/** Fields attached to a log line; values are printed with JSON. */
export type LogFields = Record<string, unknown>;

/** A logger bound to one namespace. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Creates a logger whose lines start with `[namespace]`. */
export function createLogger(namespace: string): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : "";
    sink(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${namespace}] ${message}${extra}`);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? v.message : v));
  } catch {
    return String(value);
  }
}
