/*
 * Occurrences of recurring windows, and the plan windowStatus reads: for
 * one environment and a span of time, the deny occurrences and the allow
 * time left after holidays. Instants are epoch ms here; Dates at the edge.
 */
import { IANAZone } from 'luxon';
import {
  LocalDate,
  addDays,
  isoWeekday,
  localDateOf,
  localTimeToInstant,
  parseHHMM,
  parseLocalDate,
  zone,
} from './localTime';
import {
  Holiday,
  ReleaseWindow,
  WEEKDAYS,
  WindowOccurrence,
  WindowPolicy,
} from './types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Longest duration plus a day of DST slack: nothing older is still running. */
const LOOKBACK = 8 * DAY;

/** `[start, end)` in epoch ms. */
export type Span = { start: number; end: number };

/** Occurrences of `window` that overlap `[from, to)`, by start. */
export function occurrences(
  window: ReleaseWindow,
  from: Date,
  to: Date,
): WindowOccurrence[] {
  return occurrenceSpans(window, from.getTime(), to.getTime()).map(o => ({
    start: new Date(o.start),
    end: new Date(o.end),
  }));
}

export function occurrenceSpans(
  window: ReleaseWindow,
  from: number,
  to: number,
): Span[] {
  const z = zone(window.timeZone);
  const startMinute = parseHHMM(window.start);
  if (startMinute === undefined) {
    throw new RangeError(`Window '${window.name}': start is not HH:MM`);
  }
  const days = new Set(window.days.map(d => WEEKDAYS.indexOf(d) + 1));
  const last = localDateOf(z, to);
  const spans: Span[] = [];
  for (
    let date = localDateOf(z, from - LOOKBACK);
    compareDates(date, last) <= 0;
    date = addDays(date, 1)
  ) {
    if (!days.has(isoWeekday(date))) continue;
    const start = localTimeToInstant(z, date, startMinute);
    const end = start + window.durationMinutes * MINUTE;
    if (start < to && end > from) spans.push({ start, end });
  }
  return spans;
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Does `window` apply to `environment`? No list: every environment. */
export function appliesTo(window: ReleaseWindow, environment: string) {
  return !window.environments || window.environments.includes(environment);
}

export type WindowSpan = Span & { window: ReleaseWindow };
export type HolidaySpan = Span & { holiday: Holiday };

export type Plan = {
  /** Any allow window applies to the environment (then only inside one). */
  hasAllow: boolean;
  deny: WindowSpan[];
  /** Allow occurrences that open (not starting on a holiday), whole. */
  allowOccurrences: WindowSpan[];
  /** Allow time: the occurrences minus holiday days; may be split. */
  allow: WindowSpan[];
  /** Allow occurrences that do not open because they start on a holiday. */
  dropped: Array<WindowSpan & { holiday: Holiday }>;
  /** Holiday days in the zones of the applicable allow windows. */
  holidayDays: HolidaySpan[];
};

/** Everything that decides the state in `[from, to)` for one environment. */
export function planWindows(
  policy: WindowPolicy,
  environment: string,
  from: number,
  to: number,
): Plan {
  const plan: Plan = {
    hasAllow: false,
    deny: [],
    allowOccurrences: [],
    allow: [],
    dropped: [],
    holidayDays: [],
  };
  const holidaysByZone = new Map<string, HolidaySpan[]>();
  for (const window of policy.windows) {
    if (!appliesTo(window, environment)) continue;
    const spans = occurrenceSpans(window, from, to);
    if (window.kind === 'deny') {
      plan.deny.push(...spans.map(s => ({ ...s, window })));
      continue;
    }
    plan.hasAllow = true;
    const holidayZone = policy.timeZone ?? window.timeZone;
    let days = holidaysByZone.get(holidayZone);
    if (!days) {
      days = holidaySpans(policy.holidays, zone(holidayZone));
      holidaysByZone.set(holidayZone, days);
      plan.holidayDays.push(...days);
    }
    for (const span of spans) {
      // An occurrence belongs to the day it starts on, in the holiday zone.
      const holiday = days.find(
        h => h.start <= span.start && span.start < h.end,
      );
      if (holiday) {
        plan.dropped.push({ ...span, window, holiday: holiday.holiday });
        continue;
      }
      plan.allowOccurrences.push({ ...span, window });
      for (const piece of subtract(span, days)) {
        plan.allow.push({ ...piece, window });
      }
    }
  }
  return plan;
}

function holidaySpans(holidays: Holiday[], z: IANAZone): HolidaySpan[] {
  return holidays.flatMap(holiday => {
    const date = parseLocalDate(holiday.date);
    if (!date) {
      throw new RangeError(
        `Holiday '${holiday.name}': bad date ${holiday.date}`,
      );
    }
    return [
      {
        start: localTimeToInstant(z, date, 0),
        end: localTimeToInstant(z, addDays(date, 1), 0),
        holiday,
      },
    ];
  });
}

/** `span` minus every one of `cuts`. */
function subtract(span: Span, cuts: Span[]): Span[] {
  let pieces = [span];
  for (const cut of cuts) {
    pieces = pieces.flatMap(p => {
      if (cut.end <= p.start || cut.start >= p.end) return [p];
      const out: Span[] = [];
      if (p.start < cut.start) out.push({ start: p.start, end: cut.start });
      if (cut.end < p.end) out.push({ start: cut.end, end: p.end });
      return out;
    });
  }
  return pieces;
}

export function contains(spans: Span[], t: number): boolean {
  return spans.some(s => s.start <= t && t < s.end);
}
