/** Process entry: argv → runCli → exit code. Nothing else lives here. */
import { runCli } from "./cli/index.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
