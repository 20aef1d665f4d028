#!/bin/sh
# Runs inside the arm64 guest from soak-run.service (scripts/qemu-vm.sh) and reports on the serial console:
# echo LLM up, `systemctl start picoclaw` (Type=notify: returns once the gateway sent READY=1), /health,
# then the driver for soak.minutes (4 Pico clients and 2 MaixCams steady, plus a burst of 100 Pico
# connections sending 300 messages at 2 min and every 5 min after) while the gateway's memory is sampled
# every 15 s, then OOM and unit state.
# Every line the host parses starts with "SOAK "; scripts/soak-qemu.sh reads them back from the console log.
cd /opt/picoclaw-soak || exit 1
minutes=$(sed -n 's/.*soak\.minutes=\([0-9]*\).*/\1/p' /proc/cmdline)
minutes=${minutes:-5}
token=soak-token-0123456789
uptime_s() { cut -d. -f1 /proc/uptime; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$2/status"; }
finish() { echo "SOAK DONE uptime=$(uptime_s)"; exit "$1"; }

echo "SOAK BEGIN minutes=$minutes kernel=$(uname -r) cpus=$(nproc) mem_total_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo) mem_available_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo) uptime=$(uptime_s)"

# The helpers run with --smol: they share the guest's 128 MB with the gateway under test.
export BUN_OPTIONS=--smol
./driver llm --port 18080 > /tmp/echo-llm.out 2>&1 &
llm=$!

t0=$(now_ms)
if ! systemctl start picoclaw; then
  echo "SOAK READY no start_ms=$(( $(now_ms) - t0 )) state=$(systemctl is-active picoclaw)"
  journalctl -u picoclaw --no-pager -n 40 | sed 's/^/SOAK LOG /'
  kill "$llm"; finish 1
fi
echo "SOAK READY yes start_ms=$(( $(now_ms) - t0 )) state=$(systemctl is-active picoclaw)"
./driver wait http://127.0.0.1:18790/health 120 | sed 's/^/SOAK /'
pid=$(systemctl show -p MainPID --value picoclaw)

sample() { # sample LABEL_SECONDS
  cg=$(systemctl show -p MemoryCurrent --value picoclaw)
  echo "SOAK t=$1 rss_kb=$(kb VmRSS "$pid") hwm_kb=$(kb VmHWM "$pid") anon_kb=$(kb RssAnon "$pid") file_kb=$(kb RssFile "$pid") cgroup_bytes=$cg mem_available_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)"
}
sleep 2
sample 0

seconds=$(( minutes * 60 ))
./driver run --ws ws://127.0.0.1:18790/pico/ws --token "$token" --maixcam 127.0.0.1:18791 \
  --pico 4 --maix 2 --seconds "$seconds" --reply-timeout-ms 180000 \
  --burst-first 120 --burst-every 300 --burst-clients 100 --burst-messages 300 > /tmp/driver.out 2>&1 &
driver=$!
start=$(uptime_s)
# Bounded: the driver stops at its deadline; give it 10 more minutes for a burst in flight, then give up.
limit=$(( start + seconds + 600 ))
while kill -0 "$driver" 2>/dev/null && [ "$(uptime_s)" -lt "$limit" ]; do
  sleep 15
  sample $(( $(uptime_s) - start ))
done
if kill -0 "$driver" 2>/dev/null; then echo "SOAK driver still running at the limit: killed"; kill "$driver"; fi
wait "$driver"
echo "SOAK DRIVER exit=$?"
sed 's/^/SOAK /' /tmp/driver.out
sleep 5
sample end

if dmesg | grep -iqE 'out of memory|oom-kill|killed process'; then
  echo "SOAK OOM yes"
  dmesg | grep -iE 'out of memory|oom-kill|killed process' | tail -5 | sed 's/^/SOAK OOMLOG /'
else
  echo "SOAK OOM no"
fi
echo "SOAK UNIT $(systemctl show picoclaw -p ActiveState -p SubState -p NRestarts -p MainPID -p MemoryCurrent | tr '\n' ' ') first_pid=$pid"
t0=$(now_ms)
systemctl stop picoclaw
echo "SOAK STOP stop_ms=$(( $(now_ms) - t0 )) $(systemctl show picoclaw -p ExecMainStatus -p Result | tr '\n' ' ')"
kill "$llm" 2>/dev/null
finish 0
