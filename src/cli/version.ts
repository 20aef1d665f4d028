/** `picoclaw version`: our version (baked in from package.json at build), Bun's, and the platform. */
import pkg from "../../package.json" with { type: "json" };
import type { CliCommand } from "./commands.ts";

/** The version string shown by `picoclaw version` and `status`. */
export const VERSION: string = pkg.version;

/** Lines describing this build. */
export function versionLines(): string[] {
  return [
    `picoclaw ${VERSION}`,
    process.versions["bun"] ? `bun ${process.versions["bun"]}` : `node ${process.versions.node}`,
    `platform ${process.platform}/${process.arch}`,
  ];
}

/** The `version` command. */
export const versionCommand: CliCommand = {
  name: "version",
  aliases: ["v"],
  summary: "Show version, Bun version and platform",
  usage: "Usage: picoclaw version\n\nPrints the picoclaw version, the Bun runtime version and the platform.",
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(`picoclaw version: unexpected argument "${args[0]}"`);
      return 2;
    }
    for (const line of versionLines()) io.stdout(line);
    return 0;
  },
};
