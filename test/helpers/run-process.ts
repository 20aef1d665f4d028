/** Runs a process to its end and collects what it printed: the one way scenario tests run a CLI once. */

/** Exit code and the whole stdout and stderr of a finished process. */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Starts `argv` with stdout and stderr piped (both read, so neither pipe can fill up) and waits for its exit. */
export async function runProcess(
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<ProcessResult> {
  const child = Bun.spawn(argv, { ...options, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, stdout, stderr };
}
