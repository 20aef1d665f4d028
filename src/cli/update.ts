/** `picoclaw update`: verified over-the-air update of this binary with automatic rollback. */
import { formatIssues, loadConfig, resolvePaths } from "../config/index.ts";
import { DEFAULT_MAX_BOOT_ATTEMPTS } from "../config/schema/update.ts";
import { downloadAndSwap, markPending, readRelease, watchNewBinary } from "../update/apply-update.ts";
import { pendingPath, readPending, recordBoot } from "../update/pending.ts";
import { assetName, releaseSource, sha256File } from "../update/release.ts";
import { restartArgv, runRestart } from "../update/restart.ts";
import { previousPath } from "../update/swap.ts";
import { readyUrl, waitReady } from "../update/wait-ready.ts";
import type { CliCommand, CliIo } from "./commands.ts";

const USAGE = `Usage: picoclaw update [--from URL|DIR] [--check] [--binary PATH]
       picoclaw update --boot-check

Updates this binary from a release: an HTTP(S) base URL or a local directory holding
${assetName()} (picoclaw-<os>-<arch>) and SHA256SUMS in sha256sum format, plus SHA256SUMS.sig (Ed25519,
raw or base64) when update.public_key is set.

Steps: verify SHA256SUMS (and its signature), download the binary beside this one, check its SHA-256,
keep the current binary as <binary>.prev, rename the new one into place, write
$PICOCLAW_HOME/update-pending.json, restart (update.restart_command, else "systemctl restart
<update.systemd_unit>" on a systemd machine), and wait up to update.ready_timeout_secs for /ready on
gateway.host:gateway.port from a gateway started since the swap (its start counted in
update-pending.json). When it is not ready, .prev is put back and the service restarted again.
The gateway also counts its starts while the update is pending and restores .prev itself after
update.max_boot_attempts starts that never became ready (crash loop). A failed download, a bad
checksum or a bad signature changes nothing, and so does a run while a previous update is still
pending confirmation (update-pending.json present).

Options:
  --from URL|DIR   release location (default: update.url)
  --check          only report whether the release differs from this binary; change nothing
  --binary PATH    the binary to update (default: the running compiled binary)
  --boot-check     count one start of a pending update and restore .prev once the count passes
                   update.max_boot_attempts (systemd/picoclaw.service runs picoclaw.prev with this as a
                   privileged ExecStartPre: the service itself cannot write the binary's directory,
                   and the new binary may be too broken to run at all)

Exit 0 when up to date, when --check succeeds, or when the new binary is confirmed ready (or
installed with no way to restart: then it says what to do). Exit 1 on any failure or rollback.
--boot-check exits 0 after a rollback too (systemd then starts the restored binary); 1 only when
the rollback itself fails.`;

interface Flags {
  from?: string;
  binary?: string;
  check: boolean;
  bootCheck: boolean;
}

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { check: false, bootCheck: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf("=");
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (name === "--check" && inline === undefined) flags.check = true;
    else if (name === "--boot-check" && inline === undefined) flags.bootCheck = true;
    else if (name === "--from" || name === "--binary") {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") return `${name} needs a value`;
      if (name === "--from") flags.from = value;
      else flags.binary = value;
    } else return `unknown option ${arg}`;
  }
  return flags;
}

/** The running executable when this is a `bun build --compile` binary (its sources live in /$bunfs). */
function runningBinary(): string | undefined {
  const bun = (globalThis as { Bun?: { main: string } }).Bun;
  return bun?.main.includes("$bunfs") ? process.execPath : undefined;
}

/** `--boot-check`: counts this start; exit 0 even after a rollback, so the restored binary starts next. */
async function bootCheck(home: string, maxBoots: number, io: CliIo): Promise<number> {
  const boot = await recordBoot(home, maxBoots);
  if (boot.kind === "counted") io.stdout(`pending update: start ${boot.boots} of ${maxBoots}`);
  if (boot.kind === "rolled-back") {
    io.stderr(
      `picoclaw update: ${boot.boots} starts without getting ready; restored ${previousPath(boot.binary)}`,
    );
  }
  if (boot.kind === "rollback-failed") {
    io.stderr(`picoclaw update: rollback failed: ${boot.error}`);
    return 1;
  }
  return 0;
}

/** The `update` command. */
export const updateCommand: CliCommand = {
  name: "update",
  aliases: [],
  summary: "Update this binary from a release (SHA-256 and signature checked, automatic rollback)",
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args);
    if (typeof flags === "string") {
      io.stderr(`picoclaw update: ${flags}`);
      io.stderr(USAGE);
      return 2;
    }
    const loaded = await loadConfig({ env: io.env });
    // A config the new binary rejects must still be counted, or a stricter release could never roll back.
    if (flags.bootCheck) {
      return bootCheck(
        resolvePaths(io.env).home,
        loaded.ok ? loaded.config.update.max_boot_attempts : DEFAULT_MAX_BOOT_ATTEMPTS,
        io,
      );
    }
    if (!loaded.ok) {
      io.stderr(`picoclaw update: invalid config ${loaded.path}`);
      io.stderr(formatIssues(loaded.issues));
      return 1;
    }
    const settings = loaded.config.update;
    const from = flags.from ?? settings.url;
    if (from.trim() === "") {
      io.stderr("picoclaw update: no release location: pass --from URL|DIR or set update.url");
      return 2;
    }
    const binary = flags.binary ?? runningBinary();
    if (!binary) {
      io.stderr("picoclaw update: not running as a compiled binary; pass --binary PATH");
      return 2;
    }
    const source = releaseSource(from);
    const release = await readRelease(source, assetName(), settings);
    const current = await sha256File(binary);
    const signed = release.signed ? ", signature verified" : "";
    if (current === release.sha256) {
      io.stdout(`up to date: ${binary} matches ${release.asset} in ${source.label}${signed}`);
      return 0;
    }
    if (flags.check) {
      io.stdout(`update available: ${release.asset} ${release.sha256} (running ${current})${signed}`);
      return 0;
    }
    const home = resolvePaths(io.env).home;
    // Swapping again now would keep an unconfirmed binary as .prev and lose the known-good one.
    if (await readPending(home)) {
      io.stderr(
        `picoclaw update: an update is still pending confirmation (${pendingPath(home)}); it clears when the gateway is ready or rolls back. Delete it only if the running binary is known good.`,
      );
      return 1;
    }
    await downloadAndSwap(source, release, binary, settings);
    await markPending(home, binary, release);
    io.stdout(
      `installed ${release.asset} ${release.sha256}${signed}; previous kept as ${previousPath(binary)}`,
    );
    const argv = restartArgv(settings);
    if (!argv) {
      io.stdout(
        "not a systemd machine and no update.restart_command: restart `picoclaw gateway` yourself. " +
          `It is confirmed when ready; after ${settings.max_boot_attempts} starts that never get ready it restores ${previousPath(binary)}.`,
      );
      return 0;
    }
    io.stdout(`restarting: ${argv.join(" ")}`);
    const restartCode = await runRestart(argv, io.env);
    if (restartCode !== 0) io.stderr(`picoclaw update: restart exited ${restartCode}`);
    const url = readyUrl(loaded.config.gateway.host, loaded.config.gateway.port);
    const result = await watchNewBinary({
      home,
      binary,
      release,
      timeoutMs: restartCode === 0 ? settings.ready_timeout_secs * 1000 : 0,
      waitReady: (ms, only) => waitReady(url, ms, 500, only),
      restart: () => runRestart(argv, io.env),
    });
    if (result.kind === "confirmed") {
      io.stdout(`✓ new binary ready at ${url}`);
      return 0;
    }
    const why =
      restartCode === 0
        ? `the new binary was not ready within ${settings.ready_timeout_secs}s`
        : `the new binary did not start (restart exited ${restartCode})`;
    io.stderr(
      result.by === "gateway"
        ? `picoclaw update: the new binary crash-looped; the boot counter restored ${previousPath(binary)}`
        : `picoclaw update: ${why}; restored ${previousPath(binary)} and restarted (exit ${result.restartCode})`,
    );
    return 1;
  },
};
