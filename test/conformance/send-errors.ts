/** Conformance adapter for the send error classes (src/channels/send-error.ts), PicoClaw's errutil/errors. */
import { expect } from "bun:test";
import {
  classifyNetError,
  classifySendError,
  notRunningError,
  PermanentSendError,
  RateLimitError,
  TemporarySendError,
} from "../../src/channels/send-error.ts";
import type { ConformanceAdapter } from "./adapter.ts";

/** Go sentinel name → our error class (errors.Is becomes instanceof). */
const SENTINEL_CLASS = {
  ErrRateLimit: RateLimitError,
  ErrTemporary: TemporarySendError,
  ErrSendFailed: PermanentSendError,
} as const;

type Sentinel = keyof typeof SENTINEL_CLASS;

/** Go sentinel name → an error our code raises for it, with its default text. */
const SENTINEL_ERROR: Record<string, () => Error> = {
  ErrNotRunning: () => notRunningError(),
  ErrRateLimit: () => new RateLimitError(),
  ErrTemporary: () => new TemporarySendError(),
  ErrSendFailed: () => new PermanentSendError(),
};

const adapter: ConformanceAdapter = {
  groups: ["ClassifySendError"],
  run({ input, expect: want }) {
    const sentinel = input["sentinel"];
    if (typeof sentinel === "string") {
      const make = SENTINEL_ERROR[sentinel];
      if (!make) throw new Error(`unknown sentinel ${sentinel}`);
      expect(make().message).toBe(want["message"] as string);
      return;
    }

    const raw = new Error(typeof input["rawErr"] === "string" ? input["rawErr"] : "raw");
    const result =
      input["fn"] === "ClassifyNetError"
        ? classifyNetError(new Error(input["err"] as string))
        : classifySendError(input["statusCode"] as number, raw);

    if (want["returns_raw_error_unchanged"] === true) expect(result).toBe(raw);
    if (typeof want["is"] === "string") expect(result).toBeInstanceOf(SENTINEL_CLASS[want["is"] as Sentinel]);
    for (const other of (want["is_not"] as Sentinel[] | undefined) ?? []) {
      expect(result instanceof SENTINEL_CLASS[other]).toBe(false);
    }
  },
};

export default adapter;
