/**
 * When a cron job runs next: `at` (once), `every` (fixed interval) or `cron` (an expression read on
 * the wall clock of `tz`, default the system zone). Returns undefined when the schedule never fires again.
 */
import { type CronExpr, parseCronExpr } from "./cron-expr.ts";
import { daysInMonth, localTimeZone, type WallTime, wallTime, zonedTimeToUtc } from "./zoned-time.ts";

/** PicoClaw's CronSchedule (camelCase keys on disk). */
export interface CronSchedule {
  kind: "at" | "every" | "cron";
  atMs?: number | undefined;
  everyMs?: number | undefined;
  expr?: string | undefined;
  tz?: string | undefined;
}

/** Give up after this many wall-clock years: "0 0 29 2 *" may wait 8 years (2096 → 2104). */
const SEARCH_YEARS = 9;
const SECOND = 1000;

/** The first run strictly after `afterMs`, or undefined (bad expression or zone, or no future run). */
export function nextRun(schedule: CronSchedule, afterMs: number): number | undefined {
  switch (schedule.kind) {
    case "at":
      return schedule.atMs !== undefined && schedule.atMs > afterMs ? schedule.atMs : undefined;
    case "every":
      return schedule.everyMs !== undefined && schedule.everyMs > 0 ? afterMs + schedule.everyMs : undefined;
    case "cron": {
      const parsed = parseCronExpr(schedule.expr ?? "");
      if (!parsed.ok) return undefined;
      try {
        return nextCronTime(parsed.value, afterMs, schedule.tz || localTimeZone());
      } catch {
        return undefined; // RangeError: unknown time zone
      }
    }
    default:
      return undefined;
  }
}

/**
 * Walks forward from `afterMs`, jumping a whole year/month/day/hour/minute whenever that field cannot
 * match, so a search costs a few dozen Intl calls rather than one per second.
 */
export function nextCronTime(expr: CronExpr, afterMs: number, zone: string): number | undefined {
  let t = Math.floor(afterMs / SECOND) * SECOND + SECOND;
  const start = wallTime(afterMs, zone);
  const startKey = wallKey(start);
  const limitYear = start.year + SEARCH_YEARS;
  for (let guard = 0; guard < 100_000; guard++) {
    const w = wallTime(t, zone);
    if (w.year > limitYear || (expr.lastYear !== undefined && w.year > expr.lastYear)) {
      return undefined;
    }
    const toNextDay = ((24 - w.hour) * 3600 - w.minute * 60 - w.second) * SECOND;
    if (expr.years && !expr.years(w.year)) {
      t = advance(t, zonedTimeToUtc(zone, w.year + 1, 1, 1), toNextDay);
      continue;
    }
    if (!expr.months[w.month]) {
      const [year, month] = w.month === 12 ? [w.year + 1, 1] : [w.year, w.month + 1];
      t = advance(t, zonedTimeToUtc(zone, year, month, 1), toNextDay);
      continue;
    }
    const days = daysInMonth(w.year, w.month);
    const facts = { year: w.year, month: w.month, day: w.day, weekday: w.weekday, daysInMonth: days };
    if (!expr.matchesDay(facts)) {
      const next = w.day === days ? [w.year, w.month + 1, 1] : [w.year, w.month, w.day + 1];
      const [year = 0, month = 1, day = 1] = next;
      t = advance(
        t,
        zonedTimeToUtc(zone, month > 12 ? year + 1 : year, ((month - 1) % 12) + 1, day),
        toNextDay,
      );
      continue;
    }
    if (!expr.hours[w.hour]) {
      t += ((60 - w.minute) * 60 - w.second) * SECOND;
      continue;
    }
    if (!expr.minutes[w.minute]) {
      t += (60 - w.second) * SECOND;
      continue;
    }
    if (!expr.seconds[w.second] || wallKey(w) <= startKey) {
      // The second test skips wall times repeated when DST ends, so a 01:30 job runs once that night.
      t += SECOND;
      continue;
    }
    return t;
  }
  return undefined;
}

function wallKey(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Moves to `target` if it lies ahead; otherwise by `fallback` (DST can make a conversion land behind). */
function advance(current: number, target: number, fallback: number): number {
  return target > current ? target : current + Math.max(fallback, SECOND);
}
