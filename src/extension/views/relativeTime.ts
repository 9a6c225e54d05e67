/**
 * When a run started, said the way people say it: "just now", "5 min ago", "3 h ago",
 * "yesterday", "4 days ago", and the date beyond a week. Pure: the caller says what time it
 * is, so a label computed again later (a refresh) is right again.
 */
import { formatStartedAt } from '../../core/traceview/timeline';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `iso` relative to `now` (milliseconds since the epoch); an unreadable time is returned as it is. */
export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const ago = now - at;
  // Later than now by more than a clock's drift: the date says more than "in 3 min".
  if (ago < -MINUTE) return formatStartedAt(iso);
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  const days = calendarDaysBetween(at, now);
  // Late last night is still "9 h ago" in the morning; "yesterday" is for longer ago.
  if (days === 0 || ago < 12 * HOUR) return `${Math.floor(ago / HOUR)} h ago`;
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return formatStartedAt(iso);
}

/** Local calendar days from `from` to `to` (a day with a DST change still counts as one). */
function calendarDaysBetween(from: number, to: number): number {
  const midnight = (t: number): number => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  return Math.round((midnight(to) - midnight(from)) / DAY);
}
