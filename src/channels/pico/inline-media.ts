/**
 * Inline images in a Pico `message.send`: `payload.media` (a string, or a list of strings or
 * `{url|data_url}` objects) and `payload.attachments` (objects; non-image and non-data entries are
 * skipped). Only base64 `data:image/{jpeg,png,gif,webp,bmp}` URLs up to 20 MB decoded are accepted.
 */

/** Largest decoded inline image (PicoClaw's DefaultMaxMediaSize). */
export const MAX_INLINE_IMAGE_BYTES = 20 * 1024 * 1024;

const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Parsed = { ok: true; value: string[] } | { ok: false; error: string };

/** Collects the data URLs of `media` then `attachments`, or the first problem found. */
export function parseInlineMedia(media: unknown, attachments: unknown): Parsed {
  const fromMedia = parseMediaField(media);
  if (!fromMedia.ok) return fromMedia;
  const fromAttachments = parseAttachments(attachments);
  if (!fromAttachments.ok) return fromAttachments;
  return { ok: true, value: [...fromMedia.value, ...fromAttachments.value] };
}

function parseMediaField(raw: unknown): Parsed {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (typeof raw === "string") {
    const problem = checkDataUrl(raw.trim());
    return problem ? { ok: false, error: problem } : { ok: true, value: [raw.trim()] };
  }
  if (!Array.isArray(raw)) return { ok: false, error: "media must be a string or array of strings" };
  const out: string[] = [];
  for (const [i, item] of raw.entries()) {
    const value = imageValue(item);
    if (!value.ok) return { ok: false, error: `media[${i}]: ${value.error}` };
    const problem = checkDataUrl(value.url);
    if (problem) return { ok: false, error: `media[${i}]: ${problem}` };
    out.push(value.url);
  }
  return { ok: true, value: out };
}

function parseAttachments(raw: unknown): Parsed {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false, error: "attachments must be an array" };
  const out: string[] = [];
  for (const [i, item] of raw.entries()) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return { ok: false, error: `attachments[${i}]: attachment must be an object` };
    }
    const declared = (item as Record<string, unknown>)["type"];
    const type = typeof declared === "string" ? declared.trim().toLowerCase() : "";
    if (type !== "" && type !== "image") continue;
    const value = imageValue(item);
    if (!value.ok) {
      if (type === "image") return { ok: false, error: `attachments[${i}]: ${value.error}` };
      continue;
    }
    if (!value.url.startsWith("data:")) continue;
    const problem = checkDataUrl(value.url);
    if (problem) return { ok: false, error: `attachments[${i}]: ${problem}` };
    out.push(value.url);
  }
  return { ok: true, value: out };
}

function imageValue(item: unknown): { ok: true; url: string } | { ok: false; error: string } {
  if (typeof item === "string") {
    const url = item.trim();
    return url ? { ok: true, url } : { ok: false, error: "image payload is empty" };
  }
  if (typeof item === "object" && item !== null && !Array.isArray(item)) {
    const record = item as Record<string, unknown>;
    for (const key of ["url", "data_url"]) {
      const value = record[key];
      if (typeof value === "string" && value.trim() !== "") return { ok: true, url: value.trim() };
    }
    return { ok: false, error: "image payload must include url or data_url" };
  }
  return { ok: false, error: "image payload must be a string or object" };
}

/** The problem with a data URL, or undefined when it is an acceptable inline image. */
function checkDataUrl(url: string): string | undefined {
  if (url === "") return "image payload is empty";
  if (!url.startsWith("data:image/")) return "only inline image data URLs are supported";
  const comma = url.indexOf(",");
  const data = comma < 0 ? "" : url.slice(comma + 1).trim();
  if (comma < 0 || data === "") return "image data URL is malformed";
  const header = url.slice(0, comma);
  if (!header.includes(";base64")) return "image data URL must be base64 encoded";
  const mime = header.slice("data:".length).split(";")[0] ?? "";
  if (!IMAGE_TYPES.has(mime)) return `unsupported image format: ${mime}`;
  if (Math.floor(data.length / 4) * 3 > MAX_INLINE_IMAGE_BYTES) {
    return `image exceeds ${MAX_INLINE_IMAGE_BYTES} byte limit`;
  }
  if (data.length % 4 !== 0 || !BASE64.test(data)) return "invalid base64 image data";
  return undefined;
}

/** Decodes an accepted data URL into its MIME type and bytes. */
export function decodeDataUrl(url: string): { contentType: string; bytes: Uint8Array } {
  const comma = url.indexOf(",");
  const contentType = url.slice("data:".length, comma).split(";")[0] ?? "application/octet-stream";
  return { contentType, bytes: Buffer.from(url.slice(comma + 1).trim(), "base64") };
}
