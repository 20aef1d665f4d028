#!/bin/sh
# Runs inside the arm64 guest from soak-run.service (scripts/ota-qemu.sh builds the payload): installs the
# gateway at /usr/local/bin/picoclaw under the shipped unit, then runs `picoclaw update` four times and
# reports each outcome on the serial console. Every line the host parses starts with "OTA ".
# Timings are ms from the start of `picoclaw update`: swap (the binary's inode changed), rollback (the
# binary is the old inode again), ready (a new MainPID answers 200 on /ready), exit (the updater ended).
cd /opt/picoclaw-soak || exit 1
export PICOCLAW_HOME=/var/lib/picoclaw PICOCLAW_CONFIG=/opt/picoclaw-soak/config.json
bin=/usr/local/bin/picoclaw
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
uptime_s() { cut -d. -f1 /proc/uptime; }
mainpid() { systemctl show -p MainPID --value picoclaw; }
ino() { stat -c %i "$1" 2>/dev/null || echo none; }
# /ready answers 200 (bash's /dev/tcp: the guest has no curl, and busybox wget crashes there).
ready() {
  timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18790 && printf "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "' 2>/dev/null
}
digest() { sha256sum < "$1" | cut -d' ' -f1; }
# Which build a file is: old, new or broken (test/ota digests from the host), else "other".
which_build() {
  [ -f "$1" ] || { echo none; return; }
  d=$(digest "$1")
  awk -v d="$d" '$2 == d { print $1; found = 1 } END { if (!found) print "other" }' digests
}
mem_avail() { awk '/MemAvailable/ {print $2}' /proc/meminfo; }
finish() { echo "OTA DONE uptime=$(uptime_s)"; exit "$1"; }
read -r old_version new_version < versions

echo "OTA BEGIN kernel=$(uname -r) cpus=$(nproc) mem_total_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo) mem_available_kb=$(mem_avail) uptime=$(uptime_s)"
install -m 0755 picoclaw "$bin"
rm -f "$bin.prev"
# (no daemon-reload: the unit is in place from boot, and in 128 MB systemd refuses one for lack of /run space)
t0=$(now_ms)
if ! systemctl start picoclaw; then
  echo "OTA READY no start_ms=$(( $(now_ms) - t0 )) state=$(systemctl is-active picoclaw)"
  journalctl -u picoclaw --no-pager -n 40 -o cat | sed 's/^/OTA LOG /'
  finish 1
fi
until ready; do sleep 0.5; [ $(( $(now_ms) - t0 )) -lt 120000 ] || break; done
echo "OTA READY $(ready && echo yes || echo no) start_ms=$(( $(now_ms) - t0 )) version=\"$($bin version | sed -n 1p)\" prev=$([ -e "$bin.prev" ] && echo yes || echo no)"

# step NAME RELEASE_DIR CONFIG EXPECT_SWAP(yes|no) EXPECT_BINARY EXPECT_EXIT
step() {
  name=$1 release=$2 cfg=$3 expect_swap=$4 expect_binary=$5 expect_exit=$6
  pid0=$(mainpid) ino0=$(ino "$bin") restarts0=$(systemctl show -p NRestarts --value picoclaw)
  jlines0=$(journalctl -u picoclaw -o cat --no-pager | wc -l)
  min_avail=$(mem_avail)
  echo "OTA START name=$name from=$release pid=$pid0 uptime=$(uptime_s)"
  t0=$(now_ms)
  PICOCLAW_CONFIG=$cfg "$bin" update --from "$release" > "/tmp/update-$name.out" 2>&1 &
  up=$!
  swap_ms=- rollback_ms=- ready_ms=- exit_ms=- code=-
  while :; do
    t=$(( $(now_ms) - t0 ))
    i=$(ino "$bin")
    [ "$swap_ms" = - ] && [ "$i" != "$ino0" ] && swap_ms=$t
    [ "$swap_ms" != - ] && [ "$rollback_ms" = - ] && [ "$i" = "$ino0" ] && rollback_ms=$t
    p=$(mainpid)
    if [ "$ready_ms" = - ] && [ "$p" != "$pid0" ] && [ "$p" != 0 ] && ready; then ready_ms=$t; fi
    if [ "$exit_ms" = - ] && ! kill -0 "$up" 2>/dev/null; then wait "$up"; code=$?; exit_ms=$t; fi
    a=$(mem_avail); [ "$a" -lt "$min_avail" ] && min_avail=$a
    # Done once the updater ended and, if it swapped, a restarted gateway answered (or 200 s passed).
    if [ "$exit_ms" != - ] && { [ "$swap_ms" = - ] || [ "$ready_ms" != - ]; }; then break; fi
    [ "$t" -lt 200000 ] || break
    sleep 0.5
  done
  [ "$exit_ms" = - ] && { kill "$up" 2>/dev/null; wait "$up"; code=killed; }
  sed "s/^/OTA LOG $name update: /" "/tmp/update-$name.out"
  journalctl -u picoclaw -o cat --no-pager | tail -n +"$((jlines0 + 1))" | grep -iE 'pending update|restored|rollback|broken|exiting|Failed|Start request|ready' |
    grep -v '^$' | head -40 | sed "s/^/OTA LOG $name journal: /"
  counted=$(journalctl -u picoclaw -o cat --no-pager | tail -n +"$((jlines0 + 1))" | grep -c 'pending update: start')
  restored=$(journalctl -u picoclaw -o cat --no-pager | tail -n +"$((jlines0 + 1))" | grep -c 'restored')
  pid1=$(mainpid) state=$(systemctl is-active picoclaw) restarts=$(systemctl show -p NRestarts --value picoclaw)
  binary=$(which_build "$bin") prev=$(which_build "$bin.prev")
  pending=$([ -e "$PICOCLAW_HOME/update-pending.json" ] && echo yes || echo no)
  temps=$(find /usr/local/bin -name '.picoclaw.*.tmp' | wc -l)
  is_ready=$(ready && echo yes || echo no)
  version=$("$bin" version 2>/dev/null | sed -n 1p | tr ' ' _)
  why=""
  [ "$code" = "$expect_exit" ] || why="$why update exited $code, expected $expect_exit;"
  [ "$binary" = "$expect_binary" ] || why="$why binary is $binary, expected $expect_binary;"
  [ "$state" = active ] || why="$why unit is $state;"
  [ "$is_ready" = yes ] || why="$why not ready at the end;"
  [ "$pending" = no ] || why="$why update-pending.json left behind;"
  [ "$temps" = 0 ] || why="$why $temps temp files left in /usr/local/bin;"
  if [ "$expect_swap" = no ]; then
    [ "$swap_ms" = - ] || why="$why the binary was swapped;"
    [ "$pid1" = "$pid0" ] || why="$why the gateway was restarted;"
  else
    [ "$swap_ms" != - ] || why="$why no swap seen;"
    [ "$ready_ms" != - ] || why="$why no new ready gateway seen;"
  fi
  case $name in
    good) [ "$prev" = old ] || why="$why picoclaw.prev is $prev, expected old;"
          [ "$version" = "picoclaw_$new_version" ] || why="$why version is $version;" ;;
    broken-counter) [ "$restored" -ge 1 ] || why="$why the boot counter never restored .prev;" ;;
  esac
  echo "OTA STEP name=$name ok=$([ -z "$why" ] && echo yes || echo no) exit=$code swap_ms=$swap_ms rollback_ms=$rollback_ms ready_ms=$ready_ms exit_ms=$exit_ms binary=$binary prev=$prev version=$version state=$state ready=$is_ready pending=$pending pid_before=$pid0 pid_after=$pid1 restarts=$((restarts - restarts0)) boots_counted=$counted restored_msgs=$restored min_mem_available_kb=$min_avail why=${why:-none}"
  # The next step starts from a settled service on the new build, whatever this one left behind.
  if [ "$binary" != new ] || [ "$pending" = yes ] || [ "$state" != active ]; then
    echo "OTA RECOVER after $name: reinstalling the new build"
    systemctl stop picoclaw; rm -f "$PICOCLAW_HOME/update-pending.json"
    install -m 0755 release-good/picoclaw-linux-arm64 "$bin"
  fi
  systemctl reset-failed picoclaw 2>/dev/null
  systemctl is-active -q picoclaw || systemctl start picoclaw
  t0=$(now_ms)
  until ready; do sleep 0.5; [ $(( $(now_ms) - t0 )) -lt 120000 ] || break; done
}

step good release-good config.json yes new 0
step broken-counter release-broken config-noblock.json yes new 1
step broken-watcher release-broken config.json yes new 1
step bad-checksum release-badsum config.json no new 1

if dmesg | grep -iqE 'out of memory|oom-kill|killed process'; then
  echo "OTA OOM yes"
  dmesg | grep -iE 'out of memory|oom-kill|killed process' | tail -5 | sed 's/^/OTA OOMLOG /'
else
  echo "OTA OOM no"
fi
echo "OTA UNIT $(systemctl show picoclaw -p ActiveState -p SubState -p NRestarts -p MainPID -p MemoryCurrent | tr '\n' ' ')"
systemctl stop picoclaw
finish 0
