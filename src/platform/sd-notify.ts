/**
 * systemd's notify protocol (sd_notify(3)): READY=1, STOPPING=1, WATCHDOG=1 and STATUS= datagrams to
 * the unix datagram socket named by $NOTIFY_SOCKET. Neither Bun nor Node can send unix datagrams, so
 * under Bun we call libc's socket/sendto through bun:ffi (works in compiled binaries, x64 and arm64);
 * under Node (armv7 build) we fall back to `systemd-notify --pid=<ours>`, which needs NotifyAccess=all.
 */
const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SUN_PATH_MAX = 108;

type Sender = (message: string) => boolean;

/** Encodes struct sockaddr_un; an address starting with '@' is in the abstract namespace. */
export function encodeSockaddrUn(address: string): Uint8Array {
  const path = Buffer.from(address.startsWith("@") ? `\0${address.slice(1)}` : address, "utf8");
  if (path.length >= SUN_PATH_MAX) throw new Error(`NOTIFY_SOCKET path too long: ${address}`);
  const struct = new Uint8Array(2 + SUN_PATH_MAX);
  new DataView(struct.buffer).setUint16(0, AF_UNIX, true);
  struct.set(path, 2);
  return struct;
}

async function ffiSender(address: string): Promise<Sender | undefined> {
  try {
    const { dlopen, FFIType, ptr } = await import("bun:ffi");
    const libc = dlopen("libc.so.6", {
      socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
      sendto: {
        args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.ptr, FFIType.u32],
        returns: FFIType.i64,
      },
      close: { args: [FFIType.i32], returns: FFIType.i32 },
    });
    const sockaddr = encodeSockaddrUn(address);
    const length = address.startsWith("@") ? 2 + Buffer.byteLength(address, "utf8") : sockaddr.length;
    return (message) => {
      const fd = libc.symbols.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) return false;
      try {
        const body = Buffer.from(message, "utf8");
        const sent = libc.symbols.sendto(fd, ptr(body), body.length, 0, ptr(sockaddr), length);
        return Number(sent) === body.length;
      } finally {
        libc.symbols.close(fd);
      }
    };
  } catch {
    return undefined;
  }
}

// node:child_process is imported only here, when the fallback is needed: loading it costs ~2 MB RSS (isolated probe).
async function commandSender(): Promise<Sender> {
  const { spawn } = await import("node:child_process");
  return (message) => {
    const child = spawn("systemd-notify", [`--pid=${process.pid}`, ...message.split("\n")], {
      stdio: "ignore",
    });
    child.on("error", () => {});
    return true;
  };
}

/** A systemd notifier; every method is a no-op when not started by systemd with Type=notify. */
export interface SystemdNotifier {
  readonly enabled: boolean;
  ready(status?: string): void;
  stopping(): void;
  status(text: string): void;
  /** Starts WATCHDOG=1 pings at half of $WATCHDOG_USEC from the event loop; a hung loop stops them. */
  startWatchdog(signal: AbortSignal): void;
}

/** Creates a notifier for this process from $NOTIFY_SOCKET / $WATCHDOG_USEC / $WATCHDOG_PID. */
export async function createSystemdNotifier(
  env: Record<string, string | undefined> = process.env,
): Promise<SystemdNotifier> {
  const address = env["NOTIFY_SOCKET"];
  const send: Sender | undefined = address
    ? ((typeof globalThis.Bun !== "undefined" ? await ffiSender(address) : undefined) ??
      (await commandSender()))
    : undefined;
  const watchdogUsec = Number(env["WATCHDOG_USEC"] ?? 0);
  const watchdogPid = env["WATCHDOG_PID"];
  const watchdogForUs = watchdogUsec > 0 && (!watchdogPid || Number(watchdogPid) === process.pid);
  const notify = (message: string) => {
    if (send) send(message);
  };
  return {
    enabled: send !== undefined,
    ready: (status) => notify(status ? `READY=1\nSTATUS=${status}` : "READY=1"),
    stopping: () => notify("STOPPING=1"),
    status: (text) => notify(`STATUS=${text}`),
    startWatchdog(signal) {
      if (!send || !watchdogForUs) return;
      const timer = setInterval(() => notify("WATCHDOG=1"), Math.max(500, Math.floor(watchdogUsec / 2000)));
      signal.addEventListener("abort", () => clearInterval(timer), { once: true });
    },
  };
}
