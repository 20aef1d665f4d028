import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { type ReflexAction, reflexRuleSchema } from "../config/schema/reflex.ts";
import { createLogger } from "../lib/logger.ts";
import { createReflexEngine } from "./engine.ts";

const rule = (raw: Record<string, unknown>) =>
  v.parse(reflexRuleSchema, {
    trigger: { type: "maixcam", class: "person" },
    action: { type: "send", channel: "pico", chat_id: "pico:s", text: "{class} {score}" },
    ...raw,
  });
const person = { kind: "maixcam" as const, className: "person", score: 0.9 };

function setup(rules: ReturnType<typeof rule>[]) {
  let clock = 1_000_000;
  const ran: { action: ReflexAction; facts: Record<string, string> }[] = [];
  const engine = createReflexEngine({
    rules,
    log: createLogger("reflex-test"),
    now: () => clock,
    run: async (action, facts) => {
      ran.push({ action, facts });
    },
  });
  return { engine, ran, advance: (ms: number) => (clock += ms) };
}

describe("reflex engine", () => {
  test("fires once per cooldown and fills the event facts", async () => {
    const { engine, ran, advance } = setup([rule({ cooldown_seconds: 10, name: "door" })]);
    engine.offer(person);
    advance(9_999);
    engine.offer(person);
    await engine.idle();
    expect(ran).toHaveLength(1);
    expect(ran[0]?.facts).toMatchObject({ rule: "door", class: "person", score: "0.9" });
    advance(1);
    engine.offer(person);
    await engine.idle();
    expect(ran).toHaveLength(2);
  });

  test("consumes only for rules with consume: true, also while cooling down", () => {
    const { engine } = setup([rule({ consume: true, cooldown_seconds: 60 })]);
    expect(engine.offer(person)).toBe(true);
    expect(engine.offer(person)).toBe(true);
    expect(engine.offer({ ...person, className: "cat" })).toBe(false);
    const passing = setup([rule({})]).engine;
    expect(passing.offer(person)).toBe(false);
  });

  test("runs every matching rule, skips disabled ones, and survives a failing action", async () => {
    let calls = 0;
    const engine = createReflexEngine({
      rules: [rule({}), rule({ enabled: false }), rule({ trigger: { type: "maixcam" } })],
      log: createLogger("reflex-test"),
      run: async () => {
        calls++;
        throw new Error("boom");
      },
    });
    engine.offer(person);
    await engine.idle();
    expect(calls).toBe(2);
  });
});
