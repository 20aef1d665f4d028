#!/usr/bin/env bash
# Deploys the gateway to a board over ssh: copies dist/<binary> and the systemd unit, installs the binary
# as picoclaw.new, keeps the running one as picoclaw.prev, swaps by rename, writes MemoryMax and the
# board's runtime environment (board.json "env": JSC/Bun/mimalloc settings) from boards/<board>/board.json
# into a drop-in, restarts, and waits for /ready; if it never gets ready it rolls back to picoclaw.prev,
# restarts that, and fails.
#   scripts/deploy.sh user@board [board]        board defaults to raspberry-pi-zero-2w
# Environment: SSH, SCP (default ssh, scp), SUDO (default sudo, empty for root@), PICOCLAW_PORT (18790),
# READY_TIMEOUT seconds (90), REMOTE_BIN_DIR (/usr/local/bin), REMOTE_UNIT_DIR (/etc/systemd/system),
# DIST_DIR (dist).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
board=${2:-raspberry-pi-zero-2w}
ssh_cmd=${SSH:-ssh}
scp_cmd=${SCP:-scp}
port=${PICOCLAW_PORT:-18790}
ready_timeout=${READY_TIMEOUT:-90}
bin_dir=${REMOTE_BIN_DIR:-/usr/local/bin}
unit_dir=${REMOTE_UNIT_DIR:-/etc/systemd/system}
dist=${DIST_DIR:-dist}
if [ -z "${SUDO+set}" ]; then
  case $target in root@*) SUDO= ;; *) SUDO=sudo ;; esac
fi

step() { printf '==> %s\n' "$*"; }
fail() { printf '\ndeploy FAILED: %s\n' "$*" >&2; exit 1; }
remote() { $ssh_cmd "$target" "$@"; }

[ -n "$target" ] || { sed -n 2,9p "$0" >&2; exit 2; }
json=boards/$board/board.json
[ -f "$json" ] || fail "unknown board '$board' (no $json)"

# One JSON field of board.json, with node or python3, whichever the workstation has.
board_field() { # dotted.path
  if command -v node >/dev/null; then
    node -e 'let v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const k of process.argv[2].split("."))v=v?.[k];if(typeof v!=="string")process.exit(1);console.log(v)' "$json" "$1"
  elif command -v python3 >/dev/null; then
    python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$json" "$1"
  else
    fail "need node or python3 to read $json"
  fi
}

# board.json "env" as NAME=value lines (boards.ts allows no spaces, quotes, $ or backslashes in them).
board_env() {
  if command -v node >/dev/null; then
    node -e 'const e=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).env??{};for(const [k,v] of Object.entries(e))console.log(`${k}=${v}`)' "$json"
  else
    python3 -c 'import json,sys
for k,v in json.load(open(sys.argv[1])).get("env",{}).items(): print(f"{k}={v}")' "$json"
  fi
}

binary=$(board_field binary) || fail "$json has no binary"
memory_max=$(board_field systemd.memory_max) || fail "$json has no systemd.memory_max"
board_env_lines=$(board_env) || fail "cannot read env from $json"
env_words=
for kv in $board_env_lines; do
  [[ $kv =~ ^(BUN|MIMALLOC|NODE)_[A-Za-z0-9_]+=[A-Za-z0-9_.,:=+/-]*$ ]] || fail "$json: env entry '$kv' is not NAME=value of the allowed form"
  env_words="$env_words $kv"
done
env_words=${env_words# }
local_binary=$dist/$binary
[ -f "$local_binary" ] || fail "$local_binary is missing: build it with scripts/cross-compile.sh"
step "board $board: $local_binary ($(wc -c < "$local_binary") bytes), MemoryMax=$memory_max, env: ${env_words:-none}, target $target"

step "checking ssh"
remote true || fail "cannot run commands on $target over ssh"

step "copying binary and unit"
tmp=$(remote mktemp -d /tmp/picoclaw-deploy.XXXXXX) || fail "cannot create a temp dir on $target"
$scp_cmd "$local_binary" "$target:$tmp/picoclaw" || fail "copying the binary failed"
$scp_cmd systemd/picoclaw.service "$target:$tmp/picoclaw.service" || fail "copying the unit failed"

step "installing: picoclaw.new, previous kept as picoclaw.prev, swap, MemoryMax and env drop-in, restart"
# shellcheck disable=SC2016 # expanded on the board
remote "$SUDO sh -s -- '$tmp' '$bin_dir' '$unit_dir' '$memory_max' '$env_words'" <<'REMOTE' || fail "install on $target failed (nothing was swapped if it failed before 'swapped')"
set -eu
tmp=$1 bin_dir=$2 unit_dir=$3 memory_max=$4 env_words=$5
mkdir -p "$bin_dir" "$unit_dir/picoclaw.service.d"
install -m 0755 "$tmp/picoclaw" "$bin_dir/picoclaw.new"
# Run it once before the swap: a wrong architecture or a stripped Bun binary fails here, not under systemd.
"$bin_dir/picoclaw.new" version >/dev/null 2>&1 || { echo "the new binary does not run on this board" >&2; rm -f "$bin_dir/picoclaw.new"; exit 1; }
if [ -f "$bin_dir/picoclaw" ]; then ln -f "$bin_dir/picoclaw" "$bin_dir/picoclaw.prev"; fi
mv -f "$bin_dir/picoclaw.new" "$bin_dir/picoclaw"
echo "    swapped: $bin_dir/picoclaw (previous: $([ -f "$bin_dir/picoclaw.prev" ] && echo picoclaw.prev || echo none))"
sed -e "s|^ExecStart=.*|ExecStart=$bin_dir/picoclaw gateway|" \
  -e "/^ExecStartPre=/s|/usr/local/bin/picoclaw|$bin_dir/picoclaw|g" \
  "$tmp/picoclaw.service" > "$unit_dir/picoclaw.service.new"
mv -f "$unit_dir/picoclaw.service.new" "$unit_dir/picoclaw.service"
# The board's memory limit and runtime settings; these Environment= lines come after the unit's own, so they win.
{
  printf '[Service]\nMemoryMax=%s\n' "$memory_max"
  for kv in $env_words; do printf 'Environment="%s"\n' "$kv"; done
} > "$unit_dir/picoclaw.service.d/memory.conf"
rm -rf "$tmp"
systemctl daemon-reload
systemctl enable picoclaw >/dev/null 2>&1 || true
systemctl restart picoclaw
REMOTE

# Polls /ready on the board (curl, else busybox wget) until it answers or the deadline passes.
wait_ready() {
  local deadline=$((SECONDS + ready_timeout)) probe
  probe="if command -v curl >/dev/null; then curl -fsS -m 5 http://127.0.0.1:$port/ready; else wget -q -T 5 -O - http://127.0.0.1:$port/ready; fi"
  while [ "$SECONDS" -lt "$deadline" ]; do
    if remote "$probe" >/dev/null 2>&1; then return 0; fi
    sleep 2
  done
  return 1
}

step "waiting for /ready on $target:$port (up to ${ready_timeout}s)"
if wait_ready; then
  step "deployed: picoclaw is ready on $target"
  exit 0
fi

printf '\n!!! picoclaw did not become ready within %ss: rolling back\n' "$ready_timeout" >&2
remote "$SUDO journalctl -u picoclaw -n 20 --no-pager" >&2 2>/dev/null || true
# shellcheck disable=SC2016 # expanded on the board
remote "$SUDO sh -s -- '$bin_dir'" <<'REMOTE' || fail "rollback on $target failed: the board needs attention"
set -eu
bin_dir=$1
[ -f "$bin_dir/picoclaw.prev" ] || { echo "no picoclaw.prev to roll back to" >&2; systemctl stop picoclaw || true; exit 1; }
mv -f "$bin_dir/picoclaw.prev" "$bin_dir/picoclaw"
systemctl restart picoclaw
REMOTE
step "rolled back to the previous binary; waiting for /ready"
if wait_ready; then fail "the new binary never became ready; rolled back to the previous one, which is ready"; fi
fail "the new binary never became ready; rolled back, but the previous one is not ready either"
