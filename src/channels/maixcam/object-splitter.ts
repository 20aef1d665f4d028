/**
 * Incremental splitter for a byte stream of JSON objects separated by whitespace or by nothing
 * (what Go's json.Decoder accepts). It tracks strings, escapes, nesting and where an object key must
 * start, so garbage such as `{{{` fails at once instead of waiting for the size limit; JSON.parse runs on
 * complete objects, never on partial data.
 */

/** Why the stream cannot go on: bytes that cannot start an object, or an object past the limit. */
export type SplitError = "garbage" | "too_large";

/** Result of one `push`: complete objects as text, then the error that stopped the stream, if any. */
export interface SplitOutput {
  objects: string[];
  error?: SplitError;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
/** Deeper nesting than any device frame needs is treated as garbage. */
const MAX_DEPTH = 64;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Splits a stream into top-level JSON object texts; one instance per connection. */
export class JsonObjectSplitter {
  readonly #maxBytes: number;
  readonly #decoder = new TextDecoder("utf-8");
  #buffer = new Uint8Array(256);
  #length = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Container kind per depth: true = object, false = array. */
  readonly #isObject: boolean[] = [];
  /** Inside an object, after `{` or `,`: the next token must be a key string (or `}`). */
  #expectKey = false;
  #failed: SplitError | undefined;

  /** `maxBytes` bounds one object (not the stream); an object growing past it is an error. */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True while an object has started but not ended (for "truncated input" diagnostics). */
  get isMidObject(): boolean {
    return this.#depth > 0;
  }

  /** Feeds bytes; once an error is returned the splitter stays failed. */
  push(chunk: Uint8Array): SplitOutput {
    const objects: string[] = [];
    if (this.#failed) return { objects, error: this.#failed };
    for (const byte of chunk) {
      if (this.#depth === 0) {
        if (isWhitespace(byte)) continue;
        if (byte !== OPEN_BRACE) return this.#fail(objects, "garbage");
        this.#length = 0;
      }
      if (!this.#append(byte)) return this.#fail(objects, "too_large");
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
        continue;
      }
      if (this.#expectKey) {
        if (isWhitespace(byte)) continue;
        if (byte !== QUOTE && byte !== CLOSE_BRACE) return this.#fail(objects, "garbage");
        this.#expectKey = false;
      }
      if (byte === QUOTE) this.#inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (this.#depth >= MAX_DEPTH) return this.#fail(objects, "garbage");
        this.#isObject[this.#depth] = byte === OPEN_BRACE;
        this.#depth++;
        this.#expectKey = byte === OPEN_BRACE;
      } else if (byte === COMMA) {
        this.#expectKey = this.#isObject[this.#depth - 1] === true;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (this.#isObject[this.#depth - 1] !== (byte === CLOSE_BRACE)) return this.#fail(objects, "garbage");
        this.#depth--;
        if (this.#depth === 0) objects.push(this.#decoder.decode(this.#buffer.subarray(0, this.#length)));
      }
    }
    return { objects };
  }

  #fail(objects: string[], error: SplitError): SplitOutput {
    this.#failed = error;
    this.#buffer = new Uint8Array(0);
    return { objects, error };
  }

  #append(byte: number): boolean {
    if (this.#length >= this.#maxBytes) return false;
    if (this.#length === this.#buffer.length) {
      // Grow by doubling up to the limit, so a small device stream never holds 64 KB.
      const next = new Uint8Array(Math.min(this.#maxBytes, this.#buffer.length * 2));
      next.set(this.#buffer);
      this.#buffer = next;
    }
    this.#buffer[this.#length++] = byte;
    return true;
  }
}
