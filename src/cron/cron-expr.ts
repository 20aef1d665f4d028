/**
 * Cron expression parser with gronx's grammar (the library PicoClaw uses): 5 fields, or 6/7 with a
 * leading seconds field and/or a trailing year; names, ranges, lists, steps, `L`, `W`, `#` and @tags.
 * Like gronx, day-of-month and day-of-week must BOTH match when both are restricted (not Vixie's OR).
 */

/** Wall-clock facts of one day, for the day matchers. */
export interface DayFacts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  weekday: number; // 0 = Sunday
  daysInMonth: number;
}

/** A parsed expression: allowed values per field, plus day predicates. */
export interface CronExpr {
  readonly seconds: readonly boolean[];
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  readonly months: readonly boolean[]; // index 1-12
  readonly years: ((year: number) => boolean) | undefined;
  readonly lastYear: number | undefined;
  matchesDay(facts: DayFacts): boolean;
}

export type CronParse = { ok: true; value: CronExpr } | { ok: false; error: string };

const TAGS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
  "@always": "* * * * *",
  "@everysecond": "* * * * * *",
  "@5minutes": "*/5 * * * *",
  "@10minutes": "*/10 * * * *",
  "@15minutes": "*/15 * * * *",
  "@30minutes": "0,30 * * * *",
};

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

class FieldError extends Error {}

/** Parses a cron expression; errors are values so the CLI and the cron tool can show them. */
export function parseCronExpr(expression: string): CronParse {
  const trimmed = expression.trim();
  const expanded = TAGS[trimmed.toLowerCase()] ?? trimmed;
  let fields = expanded.split(/\s+/).filter((field) => field !== "");
  if (fields.length < 5 || fields.length > 7) {
    return { ok: false, error: "cron expression needs 5 to 7 fields separated by spaces" };
  }
  // gronx: a 6th field that looks like a year is a year; otherwise the first of six is seconds.
  const hasYearSixth = fields.length === 6 && /^\d{4}$/.test(fields[5] ?? "");
  if (fields.length === 5 || hasYearSixth) fields = ["0", ...fields];
  const [sec, min, hour, dom, mon, dow, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  try {
    const years = year === undefined || isWildcard(year) ? undefined : valueSet(year, 1970, 2099);
    const domMatch = parseDayOfMonth(dom);
    const dowMatch = parseDayOfWeek(dow.toUpperCase());
    return {
      ok: true,
      value: {
        seconds: valueSet(sec, 0, 59),
        minutes: valueSet(min, 0, 59),
        hours: valueSet(hour, 0, 23),
        months: valueSet(replaceNames(mon.toUpperCase(), MONTHS, 1), 1, 12),
        years: years ? (value) => years[value] === true : undefined,
        lastYear: years ? years.lastIndexOf(true) : undefined,
        matchesDay: (facts) => domMatch(facts) && dowMatch(facts),
      },
    };
  } catch (error) {
    return { ok: false, error: error instanceof FieldError ? error.message : String(error) };
  }
}

function isWildcard(field: string): boolean {
  return field === "*" || field === "?";
}

function replaceNames(field: string, names: readonly string[], first: number): string {
  return names.reduce((text, name, index) => text.replaceAll(name, String(index + first)), field);
}

function toInt(text: string, min: number, max: number, field: string): number {
  if (!/^\d+$/.test(text)) throw new FieldError(`invalid value "${text}" in "${field}"`);
  const value = Number(text);
  if (value < min || value > max) {
    throw new FieldError(`value ${value} out of range ${min}-${max} in "${field}"`);
  }
  return value;
}

/** Expands `*`, `a`, `a-b`, `*\/n`, `a-b/n`, `a/n` and comma lists into a lookup table. */
function valueSet(field: string, min: number, max: number): boolean[] {
  const table = new Array<boolean>(max + 1).fill(false);
  for (const item of field.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : toInt(stepText, 1, max, field);
    let low = min;
    let high = max;
    if (!isWildcard(range)) {
      const [from = "", to] = range.split("-");
      low = toInt(from, min, max, field);
      high = to === undefined ? (stepText === undefined ? low : max) : toInt(to, min, max, field);
      if (high < low) throw new FieldError(`range ${low}-${high} is reversed in "${field}"`);
    }
    for (let value = low; value <= high; value += step) table[value] = true;
  }
  return table;
}

type DayMatcher = (facts: DayFacts) => boolean;

function parseDayOfMonth(field: string): DayMatcher {
  if (isWildcard(field)) return () => true;
  const parts = field
    .toUpperCase()
    .split(",")
    .map((item): DayMatcher => {
      if (item === "L") return (f) => f.day === f.daysInMonth;
      const nearest = /^(\d+)W$/.exec(item);
      if (nearest) {
        const target = toInt(nearest[1] ?? "", 1, 31, field);
        return (f) => nearestWeekday(target, f) === f.day;
      }
      const table = valueSet(item, 1, 31);
      return (f) => table[f.day] === true;
    });
  return (facts) => parts.some((match) => match(facts));
}

function parseDayOfWeek(field: string): DayMatcher {
  if (isWildcard(field)) return () => true;
  const named = replaceNames(field, WEEKDAYS, 0);
  const parts = named.split(",").map((item): DayMatcher => {
    const last = /^(\d)L$/.exec(item);
    if (last) {
      const weekday = toInt(last[1] ?? "", 0, 7, field) % 7;
      return (f) => f.weekday === weekday && f.day + 7 > f.daysInMonth;
    }
    const nth = /^(\d)#(\d)$/.exec(item);
    if (nth) {
      const weekday = toInt(nth[1] ?? "", 0, 7, field) % 7;
      const index = toInt(nth[2] ?? "", 1, 5, field);
      return (f) => f.weekday === weekday && Math.ceil(f.day / 7) === index;
    }
    const table = valueSet(item, 0, 7);
    return (f) => table[f.weekday] === true || (f.weekday === 0 && table[7] === true);
  });
  return (facts) => parts.some((match) => match(facts));
}

/** The weekday (Mon-Fri) closest to `target` within the same month. */
function nearestWeekday(target: number, facts: DayFacts): number {
  const day = Math.min(target, facts.daysInMonth);
  const weekday = (facts.weekday + (day - facts.day) + 35) % 7;
  if (weekday === 6) return day === 1 ? day + 2 : day - 1;
  if (weekday === 0) return day === facts.daysInMonth ? day - 2 : day + 1;
  return day;
}
