/** Error classes shared by every layer that waits or queues. */

/** Raised by a publish or send into a queue that has been closed. */
export class QueueClosedError extends Error {
  override readonly name = "QueueClosedError";
  constructor(what = "queue") {
    super(`${what} is closed`);
  }
}

/** Raised when a wait ran past its deadline. */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  constructor(what = "operation", ms?: number) {
    super(ms === undefined ? `${what} timed out` : `${what} timed out after ${ms} ms`);
  }
}

/** Raised when a wait was cancelled through its AbortSignal. */
export class AbortedError extends Error {
  override readonly name = "AbortError";
  constructor(what = "operation") {
    super(`${what} was aborted`);
  }
}

/** The message of any thrown value, for logs and tool results. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
