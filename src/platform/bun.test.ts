import { bunPlatform } from "./bun.ts";
import { runPlatformContract } from "./platform-contract.ts";

runPlatformContract(bunPlatform);
