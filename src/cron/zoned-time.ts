/**
 * Wall-clock time in an IANA zone through Intl.DateTimeFormat, so no tz database ships with the binary
 * (Bun embeds ICU). Formatters are cached per zone because creating one costs far more than using it.
 */

/** The wall-clock fields of one instant in one zone. */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The system zone, used when a schedule names none. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when `zone` is a time zone Intl knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** The wall-clock fields of `ms` in `zone`. Throws RangeError for an unknown zone. */
export function wallTime(ms: number, zone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatterFor(zone).formatToParts(ms)) {
    switch (part.type) {
      case "year":
        wall.year = Number(part.value);
        break;
      case "month":
        wall.month = Number(part.value);
        break;
      case "day":
        wall.day = Number(part.value);
        break;
      case "hour":
        wall.hour = Number(part.value) % 24;
        break;
      case "minute":
        wall.minute = Number(part.value);
        break;
      case "second":
        wall.second = Number(part.value);
        break;
      case "weekday":
        wall.weekday = WEEKDAY_INDEX[part.value] ?? 0;
        break;
      default:
        break;
    }
  }
  return wall;
}

/** Offset of `zone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant whose wall clock in `zone` reads the given fields. A wall time skipped by a DST jump
 * maps to the instant just after the gap; a repeated one maps to its first occurrence.
 */
export function zonedTimeToUtc(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes settle on the offset in force at the target instant (one pass is wrong near a jump).
  const first = asUtc - zoneOffsetMs(asUtc, zone);
  const second_ = asUtc - zoneOffsetMs(first, zone);
  return Math.min(first, second_);
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
