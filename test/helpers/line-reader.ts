/** Waits for lines on a child's output stream, event-driven with a deadline (no polling, no sleeps). */

/** Collects lines from a byte stream and lets callers wait for one that matches. */
export class LineWatcher {
  readonly lines: string[] = [];
  #waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  #ended = false;
  #onEnd: (() => void)[] = [];

  constructor(stream: ReadableStream<Uint8Array>, echo?: (line: string) => void) {
    void this.#pump(stream, echo);
  }

  async #pump(stream: ReadableStream<Uint8Array>, echo?: (line: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        this.lines.push(line);
        echo?.(line);
        const matched = this.#waiters.filter((w) => w.test(line));
        this.#waiters = this.#waiters.filter((w) => !matched.includes(w));
        for (const waiter of matched) waiter.resolve(line);
        newline = buffer.indexOf("\n");
      }
    }
    this.#ended = true;
    for (const callback of this.#onEnd) callback();
  }

  /** Resolves with the first line (already seen or future) that matches; rejects on timeout or stream end. */
  waitFor(pattern: RegExp | string, timeoutMs: number): Promise<string> {
    const test = (line: string) =>
      typeof pattern === "string" ? line.includes(pattern) : pattern.test(line);
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const fail = (why: string) =>
        reject(
          new Error(`${why} waiting for ${String(pattern)}; output:\n${this.lines.slice(-30).join("\n")}`),
        );
      const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      const onEnd = () => {
        clearTimeout(timer);
        fail("output ended");
      };
      if (this.#ended) onEnd();
      else this.#onEnd.push(onEnd);
    });
  }
}
