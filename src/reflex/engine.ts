/**
 * The reflex engine: matches each event against the enabled rules, applies each rule's cooldown,
 * and starts the actions. It decides synchronously whether the event is consumed (kept from the
 * LLM); actions run in the background and their failures are logged, never thrown.
 */
import type { ReflexAction, ReflexRule } from "../config/schema/reflex.ts";
import type { Logger } from "../lib/logger.ts";
import { eventFacts, matchesTrigger, type ReflexEvent } from "./match.ts";

/** What the engine needs from outside. */
export interface ReflexEngineDeps {
  rules: readonly ReflexRule[];
  /** Runs one action with the event's facts for placeholders. */
  run(action: ReflexAction, facts: Record<string, string>): Promise<void>;
  log: Logger;
  now?: () => number;
}

/** A running set of rules. */
export interface ReflexEngine {
  /**
   * Offers an event. Returns true when a matching rule has `consume: true` — also while that rule
   * is cooling down, so a repeated detection does not reach the LLM either.
   */
  offer(event: ReflexEvent): boolean;
  /** Resolves when every action started so far has finished (for shutdown and tests). */
  idle(): Promise<void>;
}

/** Builds the engine over validated rules. */
export function createReflexEngine(deps: ReflexEngineDeps): ReflexEngine {
  const now = deps.now ?? Date.now;
  const lastFired = new Map<number, number>();
  const running = new Set<Promise<void>>();
  return {
    offer(event) {
      let consumed = false;
      for (const [index, rule] of deps.rules.entries()) {
        if (!rule.enabled || !matchesTrigger(rule.trigger, event, index)) continue;
        consumed ||= rule.consume;
        const last = lastFired.get(index);
        const t = now();
        if (last !== undefined && t - last < rule.cooldown_seconds * 1000) continue;
        lastFired.set(index, t);
        const name = rule.name || `reflex.rules[${index}]`;
        deps.log.info("reflex fired", { rule: name, action: rule.action.type });
        const done = deps
          .run(rule.action, eventFacts(event, name))
          .catch((error: unknown) =>
            deps.log.warn("reflex action failed", {
              rule: name,
              error: error instanceof Error ? error.message : String(error),
            }),
          )
          .finally(() => running.delete(done));
        running.add(done);
      }
      return consumed;
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
