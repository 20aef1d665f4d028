/**
 * Process entry for the Node build (armv7): installs the Node platform seam, then runs the same CLI.
 * A separate entry keeps node:http, `ws` and friends out of the Bun builds entirely.
 */
import { runProcess } from "./cli/index.ts";
import { usePlatform } from "./platform/index.ts";
import { nodePlatform } from "./platform/node.ts";

usePlatform(nodePlatform);
runProcess();
