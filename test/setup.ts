/** Test preload: quiet logs unless PICOCLAW_TEST_LOGS is set, and fail loudly on unhandled rejections. */
import { setLogLevel } from "../src/lib/logger.ts";

setLogLevel(process.env["PICOCLAW_TEST_LOGS"] ? "debug" : "error");

process.on("unhandledRejection", (reason) => {
  console.error("unhandled rejection in test:", reason);
  process.exitCode = 1;
});
