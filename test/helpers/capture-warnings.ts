/**
 * Collects log lines at warn level and above for one test, so a scenario can assert what was logged
 * (a malformed frame skipped, a signature refused) instead of only that nothing broke.
 */
import { setLogLevel, setLogSink } from "../../src/lib/logger.ts";

/** Captures from now on; `cleanups` gets the step that puts the sink and the test level ("error") back. */
export function captureWarnings(cleanups: (() => Promise<void> | void)[]): string[] {
  const lines: string[] = [];
  setLogLevel("warn");
  const restore = setLogSink((line) => lines.push(line));
  cleanups.push(() => {
    restore();
    setLogLevel("error");
  });
  return lines;
}
