#!/usr/bin/env bash
# A small Debian bookworm arm64 VM with systemd, built from Debian's packages only, booted under
# qemu-system-aarch64 (software emulation). Used by scripts/soak-qemu.sh; needs root on a Debian host.
#   scripts/qemu-vm.sh build         debootstrap + kernel + initrd into $VM_DIR (default .cache/qemu-arm64), ~10 min
#   scripts/qemu-vm.sh image DIR     copy DIR into the guest as /opt/picoclaw-soak and make the disk image
#   scripts/qemu-vm.sh boot          boot it; the guest runs /opt/picoclaw-soak/run.sh once and powers off
set -euo pipefail
cd "$(dirname "$0")/.."
vm=${VM_DIR:-$(pwd)/.cache/qemu-arm64}
rootfs=$vm/rootfs
say() { printf '==> %s\n' "$*" >&2; }

build() {
  if [ -f "$vm/.built" ]; then say "VM base already built in $vm"; return; fi
  say "installing host tools (debootstrap, qemu, e2fsprogs)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    debootstrap qemu-user-static qemu-system-arm e2fsprogs >/dev/null
  # The chroot runs arm64 programs through binfmt_misc + qemu-user.
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
  rm -rf "$rootfs"; mkdir -p "$vm"
  say "debootstrap stage 1"
  debootstrap --arch=arm64 --foreign --variant=minbase \
    --include=systemd-sysv,udev,kmod,procps,mosquitto bookworm "$rootfs" >/dev/null
  say "debootstrap stage 2 (under qemu-user; the slow part)"
  chroot "$rootfs" /debootstrap/debootstrap --second-stage >/dev/null
  mount -t proc proc "$rootfs/proc"; mount --bind /dev "$rootfs/dev"; mount -t sysfs sys "$rootfs/sys"
  trap 'umount "$rootfs/proc" "$rootfs/dev" "$rootfs/sys" 2>/dev/null || true' EXIT
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  # initramfs-tools probing every module under qemu-user takes far too long: list the few the virt board needs.
  mkdir -p "$rootfs/etc/initramfs-tools/conf.d"
  printf 'MODULES=list\nCOMPRESS=gzip\n' > "$rootfs/etc/initramfs-tools/conf.d/small.conf"
  say "kernel and initrd"
  chroot "$rootfs" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends initramfs-tools busybox >/dev/null'
  printf 'virtio_mmio\nvirtio_blk\nvirtio_pci\next4\n' >> "$rootfs/etc/initramfs-tools/modules"
  chroot "$rootfs" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq --no-install-recommends linux-image-arm64 >/dev/null && apt-get clean'
  chroot "$rootfs" systemctl disable mosquitto >/dev/null 2>&1 || true
  umount "$rootfs/proc" "$rootfs/dev" "$rootfs/sys"; trap - EXIT
  printf '/dev/vda / ext4 defaults,noatime 0 1\n' > "$rootfs/etc/fstab"
  echo picoclaw-soak > "$rootfs/etc/hostname"
  chroot "$rootfs" passwd -d root >/dev/null
  cat > "$rootfs/etc/systemd/system/soak-run.service" <<'UNIT'
[Unit]
Description=Run the PicoClaw soak once, then power off
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/opt/picoclaw-soak/run.sh
ExecStopPost=/bin/systemctl --no-block poweroff
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyAMA0
[Install]
WantedBy=multi-user.target
UNIT
  chroot "$rootfs" systemctl enable soak-run.service >/dev/null 2>&1
  chroot "$rootfs" systemctl mask serial-getty@ttyAMA0.service getty@tty1.service >/dev/null 2>&1 || true
  cp -L "$rootfs/vmlinuz" "$vm/vmlinuz"; cp -L "$rootfs/initrd.img" "$vm/initrd.img"
  touch "$vm/.built"
  say "VM base ready in $vm"
}

image() {
  local payload=$1
  [ -f "$vm/.built" ] || { echo "qemu-vm: run '$0 build' first" >&2; exit 1; }
  rm -rf "$rootfs/opt/picoclaw-soak"; mkdir -p "$rootfs/opt/picoclaw-soak"
  cp -a "$payload/." "$rootfs/opt/picoclaw-soak/"
  if [ -f "$payload/picoclaw.service" ]; then cp "$payload/picoclaw.service" "$rootfs/etc/systemd/system/picoclaw.service"; fi
  rm -f "$vm/disk.img"; truncate -s "${DISK_SIZE:-3G}" "$vm/disk.img"
  mkfs.ext4 -q -F -L root -d "$rootfs" "$vm/disk.img"
}

boot() {
  timeout "${BOOT_TIMEOUT:-3600}" qemu-system-aarch64 -M virt -cpu "${VM_CPU:-cortex-a53}" -smp "${VM_SMP:-2}" -m "${VM_MEM:-128}" \
    -kernel "$vm/vmlinuz" -initrd "$vm/initrd.img" \
    -append "root=/dev/vda rw console=ttyAMA0 quiet systemd.show_status=0 panic=5 soak.minutes=${SOAK_MINUTES:-5}" \
    -drive if=none,file="$vm/disk.img",format=raw,id=hd -device virtio-blk-device,drive=hd \
    -nographic -no-reboot -nic none 2>&1 | tee "$vm/console.log"
}

case ${1:-} in
  build) build ;;
  image) image "${2:?payload directory}" ;;
  boot) boot ;;
  *) sed -n 2,7p "$0"; exit 2 ;;
esac
