// How the console writes times: local dates for when something happened, short ages for how long ago.
import type { Locale } from './i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: Record<Locale, { s: string; min: string; h: string; d: string; now: string; ago: (age: string) => string }> = {
  en: { s: ' s', min: ' min', h: ' h', d: ' d', now: 'just now', ago: (age) => `${age} ago` },
  'zh-CN': { s: ' 秒', min: ' 分钟', h: ' 小时', d: ' 天', now: '刚刚', ago: (age) => `${age}前` },
  'zh-TW': { s: ' 秒', min: ' 分鐘', h: ' 小時', d: ' 天', now: '剛剛', ago: (age) => `${age}前` },
};

/** "3 d 4 h", "1 d", "2 h 15 min", "2 h", "12 min", "40 s", "just now" (or the locale's words). */
export function formatAge(ms: number, locale: Locale = 'en'): string {
  const u = UNITS[locale];
  if (ms < 1000) return u.now;
  if (ms < MINUTE) return `${Math.floor(ms / 1000)}${u.s}`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}${u.min}`;
  const [big, unit, small, smallUnit] = ms < DAY ? [HOUR, u.h, MINUTE, u.min] : [DAY, u.d, HOUR, u.h];
  const rest = Math.floor((ms % big) / small);
  return `${Math.floor(ms / big)}${unit}${rest ? ` ${rest}${smallUnit}` : ''}`;
}

/** An ISO time as the locale writes a date and time. */
export function formatTime(iso: string, locale: Locale = 'en'): string {
  return new Date(iso).toLocaleString(locale);
}

/** "3 h ago", "just now": how long ago an ISO time was. */
export function formatAgo(iso: string, locale: Locale = 'en'): string {
  const ms = Math.max(0, Date.now() - Date.parse(iso));
  return ms < 1000 ? UNITS[locale].now : UNITS[locale].ago(formatAge(ms, locale));
}
