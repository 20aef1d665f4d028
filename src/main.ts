/** Process entry (Bun builds): argv → runCli → exit code. No top-level await: the Node build is CJS. */
import { runProcess } from "./cli/index.ts";

runProcess();
