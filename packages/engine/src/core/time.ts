const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

/** Per time zone, the last day worked out and the instants it spans, [from, to). */
const lastDays = new Map<string, { day: string; from: number; to: number }>();

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function calendarDay(at: number, timeZone: string): string {
  // Most calls in a stretch of time fall on one day: answer those without formatting a date.
  const last = lastDays.get(timeZone);
  if (last && at >= last.from && at < last.to) return last.day;
  const day = formatDay(at, timeZone);
  const from = startOfDay(day, timeZone);
  const to = startOfDay(addDays(day, 1), timeZone);
  // Kept only when the span checks out (it holds `at`), so a surprising zone rule falls back to formatting.
  if (at >= from && at < to) lastDays.set(timeZone, { day, from, to });
  return day;
}

function formatDay(at: number, timeZone: string): string {
  const parts = format(timeZone).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The day `n` days after `day` (`YYYY-MM-DD`; negative goes back). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (`YYYY-MM-DD` each). */
export function daysBetween(a: string, b: string): number {
  const ms = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(b) - ms(a)) / 86_400_000);
}

/** The `YYYY-MM` month of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The Monday (ISO week start) of the week holding `day`. */
export function weekStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/**
 * The first instant of a calendar day in a time zone. Found by correcting a UTC guess by
 * the zone's offset there (twice, so days starting in a DST change come out right).
 */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) guess = Date.UTC(y, m - 1, d) - offsetAt(guess, timeZone);
  return guess;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}
