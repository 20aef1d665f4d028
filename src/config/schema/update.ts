/**
 * `update`: where `picoclaw update` finds releases and how it decides a new binary is healthy. Safe
 * defaults: no URL (the command needs --from), no signature check until a key is set, and a rollback
 * when the new binary is not ready within two minutes or fails to start three times.
 */
import { int, section, str, strList } from "../../lib/schema-fields.ts";

/** Starts of an unconfirmed binary allowed by default (also used when the config does not load). */
export const DEFAULT_MAX_BOOT_ATTEMPTS = 3;

/** Schema of `update`. */
export const updateSchema = section({
  /** Release location (HTTP(S) base URL or directory) holding SHA256SUMS and picoclaw-<os>-<arch>. */
  url: str(),
  /** Base64 Ed25519 public key (32 raw bytes or SPKI DER); when set, SHA256SUMS.sig must verify. */
  public_key: str(),
  /** Seconds the new binary has to answer 200 on /ready before it is rolled back. */
  ready_timeout_secs: int(120, 5, 3600),
  /** Starts of an unconfirmed new binary allowed before it is rolled back (crash loop). */
  max_boot_attempts: int(DEFAULT_MAX_BOOT_ATTEMPTS, 1, 100),
  /** Largest binary accepted, in bytes (default 256 MiB). */
  max_bytes: int(268435456, 1024),
  /** systemd unit restarted after the swap. */
  systemd_unit: str("picoclaw.service"),
  /** Command run instead of `systemctl restart <unit>` (argv list; empty = systemctl when present). */
  restart_command: strList(),
});
