#!/usr/bin/env bash
# Soaks the arm64 gateway in a 128 MB, 2x Cortex-A53 QEMU VM under systemd, the way a Pi Zero 2 W runs it.
# Builds a payload (gateway, echo LLM + traffic driver, config, adapted unit, run.sh), boots the VM
# (scripts/qemu-vm.sh), then prints the RSS timeline and a verdict from the console log.
#   scripts/soak-qemu.sh [minutes]      default 5; needs root (mkfs.ext4 -d) and the VM base (qemu-vm.sh build)
# Exits non-zero if the gateway never became ready, the OOM killer fired, or replies were missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
minutes=${1:-5}
board=${SOAK_BOARD:-raspberry-pi-zero-2w}
vm=${VM_DIR:-$root/.cache/qemu-arm64}
payload=$root/.cache/soak-payload
bun=$root/node_modules/.bin/bun
say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'soak-qemu: %s\n' "$*" >&2; exit 1; }

[[ $minutes =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] || fail "minutes must be a positive integer"
[ -f "$vm/.built" ] || fail "no VM base in $vm: run 'scripts/qemu-vm.sh build' first (~10 min)"

[ -x dist/picoclaw-linux-arm64 ] || bash scripts/cross-compile.sh arm64
bun_version=$(node -p 'require("./node_modules/bun/package.json").version')
runtime=$root/.cache/toolchain/bun-linux-aarch64-$bun_version/node_modules/@oven/bun-linux-aarch64/bin/bun
[ -x "$runtime" ] || bash scripts/cross-compile.sh arm64
[ -x "$runtime" ] || fail "no aarch64 Bun runtime at $runtime"

say "payload in ${payload#"$root"/}"
rm -rf "$payload"; mkdir -p "$payload"
cp dist/picoclaw-linux-arm64 "$payload/picoclaw"
# The echo LLM and the traffic driver are one executable (test/soak/driver.ts), so they share page cache.
"$bun" build test/soak/driver.ts --compile --target=bun-linux-arm64 --compile-executable-path="$runtime" \
  --no-compile-autoload-dotenv --no-compile-autoload-bunfig --outfile "$payload/driver" >/dev/null ||
  fail "could not compile test/soak/driver.ts for arm64"
install -m 0755 test/soak/run.sh "$payload/run.sh"

memory_max=$(node -p "require('./boards/$board/board.json').systemd.memory_max")
# The board's runtime settings (board.json "env") as Environment= lines, as deploy.sh writes them.
env_lines=$(node -e "for (const [k, v] of Object.entries(require('./boards/$board/board.json').env ?? {})) console.log('Environment=\"' + k + '=' + v + '\"')")
say "unit: MemoryMax=$memory_max and env from boards/$board/board.json: $(echo $env_lines)"
# The shipped unit with four changes for the guest: the payload binary, the board's MemoryMax and env, and
# the config file from the payload (read-only under ProtectSystem=strict, which is fine for a config).
sed -e 's|^ExecStart=.*|ExecStart=/opt/picoclaw-soak/picoclaw gateway|' \
  -e "s|^MemoryMax=.*|MemoryMax=$memory_max${env_lines:+\\n}${env_lines//$'\n'/\\n}|" \
  -e 's|^Environment=PICOCLAW_HOME=.*|Environment=PICOCLAW_HOME=/var/lib/picoclaw\nEnvironment=PICOCLAW_CONFIG=/opt/picoclaw-soak/config.json|' \
  systemd/picoclaw.service > "$payload/picoclaw.service"
grep -q '^ExecStart=/opt/picoclaw-soak/picoclaw gateway' "$payload/picoclaw.service" || fail "unit rewrite failed"
while IFS= read -r line; do
  [ -z "$line" ] || grep -qxF "$line" "$payload/picoclaw.service" || fail "unit rewrite lost $line"
done <<< "$env_lines"

# max_connections 128 (default 100): the bursts open 100 Pico connections on top of the 4 steady ones.
cat > "$payload/config.json" <<'JSON'
{
  "version": 3,
  "agents": { "defaults": { "model_name": "echo", "max_tokens": 1024, "max_tool_iterations": 10 } },
  "model_list": [
    { "model_name": "echo", "provider": "openai", "model": "echo", "api_base": "http://127.0.0.1:18080/v1", "api_keys": ["soak-key-0123456789"] }
  ],
  "channel_list": {
    "pico": { "enabled": true, "type": "pico", "allow_from": ["*"], "settings": { "token": "soak-token-0123456789", "max_connections": 128 } },
    "maixcam": { "enabled": true, "type": "maixcam", "allow_from": ["*"], "settings": { "host": "127.0.0.1", "port": 18791 } }
  },
  "heartbeat": { "enabled": false },
  "gateway": { "host": "127.0.0.1", "port": 18790, "log_level": "info" }
}
JSON

say "disk image"
bash scripts/qemu-vm.sh image "$payload"
say "booting (128 MB, 2x cortex-a53); the soak runs $minutes min after ~35 s of boot"
started=$(date +%s)
# Show the guest's SOAK lines as they come; the whole console is kept in $vm/console.log.
SOAK_MINUTES=$minutes BOOT_TIMEOUT=$((minutes * 60 + 1200)) bash scripts/qemu-vm.sh boot | grep --line-buffered -a "SOAK " || true
log=$root/.cache/soak-console.log
cp "$vm/console.log" "$log"
say "VM ran $(($(date +%s) - started)) s; console log: ${log#"$root"/}"
grep -a 'SOAK ' "$log" | sed 's/^.*SOAK /SOAK /' > "$root/.cache/soak-summary.log" || true
"$bun" test/soak/soak-report.ts "$log"
