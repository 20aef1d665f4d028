/** Reads an HTTP body into memory with a hard size cap: Content-Length may lie or be absent, so bytes are counted. */

/** Thrown when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** Reads `source`'s body, cancelling the stream as soon as it grows past `maxBytes`. */
export async function readLimited(
  source: Request | Response,
  maxBytes: number,
  what = "body",
): Promise<Uint8Array> {
  const declared = Number(source.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await source.body?.cancel();
    throw new BodyTooLargeError(`${what} too large: ${declared} bytes > ${maxBytes}`);
  }
  const reader = source.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(`${what} too large: more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
