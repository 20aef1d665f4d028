#!/usr/bin/env bash
# `picoclaw update` for real under systemd, in the arm64 QEMU VM (scripts/qemu-vm.sh): the guest
# (test/ota/run.sh, run once by soak-run.service) installs the arm64 gateway at /usr/local/bin/picoclaw
# with the shipped systemd/picoclaw.service, waits for /ready, then runs four updates from release
# directories in the payload and times each one:
#   good            a rebuilt gateway with another version stamp: restarted, ready, picoclaw.prev kept
#   broken-counter  a binary that exits 1 at start, the updater not watching (restart --no-block):
#                   the unit's boot counter (ExecStartPre … update --boot-check) must put .prev back
#   broken-watcher  the same binary with the default blocking restart: `picoclaw update` rolls back
#   bad-checksum    SHA256SUMS that does not match the binary: nothing changes, no restart
# Then prints the guest's OTA lines, a verdict, and writes test/soak/results/qemu-arm64-ota.txt.
#   scripts/ota-qemu.sh          needs root (mkfs.ext4 -d) and the VM base (qemu-vm.sh build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
board=${SOAK_BOARD:-raspberry-pi-zero-2w}
vm=${VM_DIR:-$root/.cache/qemu-arm64}
payload=$root/.cache/ota-payload
result=${OTA_RESULT:-$root/test/soak/results/qemu-arm64-ota.txt}
bun=$root/node_modules/.bin/bun
say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'ota-qemu: %s\n' "$*" >&2; exit 1; }

[ -f "$vm/.built" ] || fail "no VM base in $vm: run 'scripts/qemu-vm.sh build' first (~10 min)"
bash scripts/cross-compile.sh arm64 >/dev/null
bun_version=$(node -p 'require("./node_modules/bun/package.json").version')
runtime=$root/.cache/toolchain/bun-linux-aarch64-$bun_version/node_modules/@oven/bun-linux-aarch64/bin/bun
[ -x "$runtime" ] || fail "no aarch64 Bun runtime at $runtime"
version=$(node -p 'require("./package.json").version')
new_version="$version-ota"

say "payload in ${payload#"$root"/}"
rm -rf "$payload"; mkdir -p "$payload"/{release-good,release-broken,release-badsum}
cp dist/picoclaw-linux-arm64 "$payload/picoclaw"

# The "new" release: the same sources with another version stamp, built the way cross-compile.sh does.
src_copy=$root/.cache/ota-src
rm -rf "$src_copy"; mkdir -p "$src_copy"
cp -r src tsconfig.json "$src_copy/"
ln -s "$root/node_modules" "$src_copy/node_modules"
node -e 'const p=require("./package.json"); p.version=process.argv[1]; require("fs").writeFileSync(process.argv[2], JSON.stringify(p, null, 2))' \
  "$new_version" "$src_copy/package.json"
mapfile -t compile_flags < <(grep -v -e '^#' -e '^$' scripts/bun-compile-flags)
(cd "$src_copy" && "$bun" build src/main.ts "${compile_flags[@]}" --target=bun-linux-arm64 --compile-executable-path="$runtime" \
  --outfile "$payload/release-good/picoclaw-linux-arm64" >/dev/null) || fail "could not build the new release"
rm -rf "$src_copy"
# A release that passes every check but cannot start (exits 1 for any command, --boot-check included).
printf '#!/bin/sh\necho "picoclaw (broken OTA test build): exiting 1" >&2\nexit 1\n' > "$payload/release-broken/picoclaw-linux-arm64"
chmod 0755 "$payload/release-broken/picoclaw-linux-arm64"
# A tampered release: SHA256SUMS lists the broken script, the file served differs by one line.
cp "$payload/release-broken/picoclaw-linux-arm64" "$payload/release-badsum/picoclaw-linux-arm64"
echo "# tampered" >> "$payload/release-badsum/picoclaw-linux-arm64"
for dir in release-good release-broken; do
  (cd "$payload/$dir" && sha256sum picoclaw-linux-arm64 > SHA256SUMS)
done
cp "$payload/release-broken/SHA256SUMS" "$payload/release-badsum/SHA256SUMS"
{
  echo "old $(sha256sum < "$payload/picoclaw" | cut -d' ' -f1)"
  echo "new $(sha256sum < "$payload/release-good/picoclaw-linux-arm64" | cut -d' ' -f1)"
  echo "broken $(sha256sum < "$payload/release-broken/picoclaw-linux-arm64" | cut -d' ' -f1)"
} > "$payload/digests"
echo "$version $new_version" > "$payload/versions"
install -m 0755 test/ota/run.sh "$payload/run.sh"

memory_max=$(node -p "require('./boards/$board/board.json').systemd.memory_max")
say "unit: the shipped one at /usr/local/bin/picoclaw, MemoryMax=$memory_max, config from the payload"
sed -e "s|^MemoryMax=.*|MemoryMax=$memory_max|" \
  -e 's|^Environment=PICOCLAW_HOME=.*|Environment=PICOCLAW_HOME=/var/lib/picoclaw\nEnvironment=PICOCLAW_CONFIG=/opt/picoclaw-soak/config.json|' \
  systemd/picoclaw.service > "$payload/picoclaw.service"
grep -q '^Environment=PICOCLAW_CONFIG=' "$payload/picoclaw.service" || fail "unit rewrite failed"

config() { # restart_command JSON list
  cat <<JSON
{
  "version": 3,
  "agents": { "defaults": { "model_name": "echo", "max_tokens": 1024 } },
  "model_list": [
    { "model_name": "echo", "provider": "openai", "model": "echo", "api_base": "http://127.0.0.1:18080/v1", "api_keys": ["ota-key-0123456789"] }
  ],
  "channel_list": {
    "pico": { "enabled": true, "type": "pico", "allow_from": ["*"], "settings": { "token": "ota-token-0123456789" } }
  },
  "heartbeat": { "enabled": false },
  "gateway": { "host": "127.0.0.1", "port": 18790, "log_level": "info" },
  "update": { "ready_timeout_secs": 150, "max_boot_attempts": 3, "systemd_unit": "picoclaw.service", "restart_command": $1 }
}
JSON
}
config '[]' > "$payload/config.json"
config '["systemctl", "restart", "--no-block", "picoclaw.service"]' > "$payload/config-noblock.json"

say "disk image"
bash scripts/qemu-vm.sh image "$payload"
say "booting (${VM_MEM:-128} MB, ${VM_SMP:-2}x ${VM_CPU:-cortex-a53})"
started=$(date +%s)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1500} bash scripts/qemu-vm.sh boot | grep --line-buffered -a "OTA " || true
log=$root/.cache/ota-console.log
cp "$vm/console.log" "$log"
wall=$(($(date +%s) - started))
say "VM ran $wall s; console log: ${log#"$root"/}"

lines=$(grep -a 'OTA ' "$log" | sed 's/^.*OTA /OTA /' | tr -d '\r' || true)
problems=()
for step in good broken-counter broken-watcher bad-checksum; do
  line=$(grep "^OTA STEP name=$step " <<<"$lines" || true)
  if [ -z "$line" ]; then problems+=("$step: no result"); continue; fi
  grep -q ' ok=yes' <<<"$line" || problems+=("$step: $(sed -n 's/.* why=//p' <<<"$line")")
done
grep -q '^OTA OOM no' <<<"$lines" || problems+=("OOM killer fired or no OOM check")
grep -q '^OTA DONE' <<<"$lines" || problems+=("the guest never printed OTA DONE")
if [ "${#problems[@]}" -eq 0 ]; then verdict="verdict: PASS"; else verdict="verdict: FAIL: $(IFS=';'; echo "${problems[*]}")"; fi

mkdir -p "$(dirname "$result")"
{
  echo "# scripts/ota-qemu.sh — $(date -u +%F), QEMU $(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') TCG, ${VM_MEM:-128} MB, ${VM_SMP:-2}x ${VM_CPU:-cortex-a53}, Debian 12 guest, shipped unit with MemoryMax=$memory_max; VM wall time $wall s"
  echo "# guest console (OTA lines; ms are from the start of \`picoclaw update\`):"
  echo "$lines"
  echo
  echo "$verdict"
} > "$result"
echo "$verdict"
say "result: ${result#"$root"/}"
[ "${#problems[@]}" -eq 0 ]
