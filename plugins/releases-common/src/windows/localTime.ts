/*
 * Wall-clock time in a named zone to an instant, with the DST rules of
 * docs/windows.md. Luxon supplies the zone data (IANAZone.offset); the
 * resolution of missing and doubled local times is ours, because luxon's
 * own differs from the rules we document: for a missing time it shifts by
 * the gap (02:30 -> 03:30) and for a doubled one it takes the later offset.
 */
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A calendar date, month 1..12. */
export type LocalDate = { year: number; month: number; day: number };

export function isKnownTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The zone, or an error naming it (callers validate first). */
export function zone(name: string): IANAZone {
  const z = IANAZone.create(name);
  if (!z.isValid) throw new RangeError(`Unknown time zone '${name}'`);
  return z;
}

/** Minutes since local midnight of `HH:MM`, or undefined if it is not one. */
export function parseHHMM(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The date `YYYY-MM-DD` if it is a real calendar date. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02-30 over to 03-02; a real date survives the round trip.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

/** ISO weekday of a calendar date: Monday 1 .. Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(z: IANAZone, instant: number): LocalDate {
  const d = new Date(instant + z.offset(instant) * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

/**
 * The instant (epoch ms) of local `minuteOfDay` on `date` in zone `z`:
 * - a time that exists once: that instant;
 * - a time that exists twice (fall back): the first of the two;
 * - a time that does not exist (spring forward): the first valid instant
 *   after it, i.e. the transition (02:30 on a 02:00->03:00 day is 03:00).
 * Equivalently: the first instant whose local wall time is >= the one asked.
 */
export function localTimeToInstant(
  z: IANAZone,
  date: LocalDate,
  minuteOfDay: number,
): number {
  // The wall time read as if it were UTC; the instant is wall - offset.
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const offsets = new Set(
    [-1.5 * DAY, 0, 1.5 * DAY].map(d => z.offset(wall + d)),
  );
  const candidates = [...offsets].map(o => wall - o * MINUTE);
  const valid = candidates.filter(t => t + z.offset(t) * MINUTE === wall);
  if (valid.length > 0) return Math.min(...valid);

  // In a gap: wall time jumps past `wall` somewhere between the candidates.
  const wallAt = (t: number) => t + z.offset(t) * MINUTE;
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
