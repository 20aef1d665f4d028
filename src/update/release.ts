/**
 * A release location: an HTTP(S) base URL or a local directory holding SHA256SUMS, SHA256SUMS.sig and
 * picoclaw-<os>-<arch>. Small files are read with a cap; the binary is streamed to disk and hashed on
 * the way, so a 100 MB binary never sits in memory on a 512 MB board.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readLimited } from "../lib/read-limited.ts";

/** Where release files come from. */
export interface ReleaseSource {
  /** Human form for messages. */
  label: string;
  /** A file's URL, or its path in the directory. */
  locate(name: string): string;
  http: boolean;
}

/** A source from `--from` or update.url: http(s):// → URL base, anything else → directory. */
export function releaseSource(from: string): ReleaseSource {
  if (/^https?:\/\//i.test(from)) {
    const base = from.endsWith("/") ? from : `${from}/`;
    return { label: base, http: true, locate: (name) => new URL(name, base).href };
  }
  return { label: from, http: false, locate: (name) => join(from, name) };
}

/** The release asset name of this platform, as boards/<board>/board.json "binary" names it. */
export function assetName(platform: string = process.platform, arch: string = process.arch): string {
  return `picoclaw-${platform}-${arch === "arm" ? "armv7" : arch}`;
}

async function fetchOk(url: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(url, { signal: signal ?? null, redirect: "follow" });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`GET ${url}: HTTP ${response.status}`);
  }
  return response;
}

/** Reads a small release file; undefined when it is absent (HTTP 404 or no such file). */
export async function readReleaseFile(
  source: ReleaseSource,
  name: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  const where = source.locate(name);
  if (source.http) {
    const response = await fetch(where, { signal: signal ?? null, redirect: "follow" });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`GET ${where}: HTTP ${response.status}`);
    }
    return await readLimited(response, maxBytes, name);
  }
  const info = await stat(where).catch(() => undefined);
  if (!info) return undefined;
  if (info.size > maxBytes) throw new Error(`${where} too large: ${info.size} bytes > ${maxBytes}`);
  return new Uint8Array(await readFile(where));
}

/** Streams `name` into a new file `dest` (mode 0755, fsynced), at most `maxBytes`; resolves with its sha256 hex. */
export async function downloadTo(
  source: ReleaseSource,
  name: string,
  dest: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string> {
  const where = source.locate(name);
  let body: AsyncIterable<Uint8Array>;
  if (source.http) {
    const response = await fetchOk(where, signal);
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`${name} too large: ${declared} bytes > update.max_bytes ${maxBytes}`);
    }
    if (!response.body) throw new Error(`GET ${where}: empty body`);
    body = response.body;
  } else {
    const info = await stat(where).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`${where}: no such file`);
    body = createReadStream(where);
  }
  const hash = createHash("sha256");
  const handle = await open(dest, "wx", 0o755);
  try {
    let total = 0;
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new Error(`${name} too large: more than update.max_bytes ${maxBytes}`);
      hash.update(chunk);
      await handle.write(chunk);
    }
    if (total === 0) throw new Error(`${name} is empty`);
    await handle.chmod(0o755);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

/** sha256 hex of a local file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
