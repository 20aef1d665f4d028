#!/usr/bin/env bash
# What the tests need from the system, checked before `bun test` runs (npm test calls this first).
# All present: prints nothing. Something missing and running as root: installs it with apt-get,
# saying so on one line. Missing and not root: fails at once with the one apt-get line to run.
# Overrides for its own test: PREREQS_UID (instead of `id -u`), PREREQS_ROOT (prefix for the file checks).
set -uo pipefail

root=${PREREQS_ROOT:-}
uid=${PREREQS_UID:-$(id -u)}

# Each need: the apt package, then how to tell it is there (a command on PATH, or a file).
needs=(
  "mosquitto cmd:mosquitto file:/usr/sbin/mosquitto"
  "chromium file:/usr/bin/chromium"
  "systemd cmd:systemd-analyze"
  "python3 cmd:python3"
  "openssl cmd:openssl"
  "qemu-user-static cmd:qemu-aarch64-static"
  "libc6-arm64-cross file:/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"
  "libc6-armhf-cross file:/usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3"
)

present() {
  local probe
  for probe in "$@"; do
    case $probe in
      cmd:*) command -v "${probe#cmd:}" >/dev/null 2>&1 && return 0 ;;
      file:*) [ -e "$root${probe#file:}" ] && return 0 ;;
    esac
  done
  return 1
}

missing=()
for need in "${needs[@]}"; do
  read -r package probes <<<"$need"
  # shellcheck disable=SC2086 # the probes are words on purpose
  present $probes || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$uid" -ne 0 ]; then
  echo "test prerequisites missing: ${missing[*]}. Install them, then run npm test again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "test prerequisites: installing ${missing[*]} (apt-get, as root)"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  # A fresh image has no package lists yet: fetch them once and try again.
  apt-get update -qq >/dev/null 2>&1
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "test prerequisites: apt-get install ${missing[*]} failed" >&2
    exit 1
  fi
fi
