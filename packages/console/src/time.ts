// How the console writes times: local dates for when something happened, short ages for how long ago.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 d 4 h", "1 d", "2 h 15 min", "2 h", "12 min", "40 s", "just now". */
export function formatAge(ms: number): string {
  if (ms < 1000) return 'just now';
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  const [big, unit, small, smallUnit] = ms < DAY ? [HOUR, 'h', MINUTE, 'min'] : [DAY, 'd', HOUR, 'h'];
  const rest = Math.floor((ms % big) / small);
  return `${Math.floor(ms / big)} ${unit}${rest ? ` ${rest} ${smallUnit}` : ''}`;
}

/** An ISO time as the operator's locale writes a date and time. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** "3 h ago", "just now": how long ago an ISO time was. */
export function formatAgo(iso: string): string {
  const age = formatAge(Math.max(0, Date.now() - Date.parse(iso)));
  return age === 'just now' ? age : `${age} ago`;
}
