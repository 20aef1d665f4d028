import { nodePlatform } from "./node.ts";
import { runPlatformContract } from "./platform-contract.ts";

// Runs node.ts under Bun's node:http/net/child_process and its `ws` shim; node-runtime.test.ts runs
// the same seam under real Node.
runPlatformContract(nodePlatform);
