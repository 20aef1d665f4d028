/** Process entry: argv → runCli → exit code. Nothing else lives here (no top-level await: the armv7 build is CJS). */
import { runCli } from "./cli/index.ts";

void runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
