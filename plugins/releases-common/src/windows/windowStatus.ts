/*
 * "May a promotion start now, and when does that change?", with Argo CD's
 * sync-window precedence: a freeze closes everything; an active deny window
 * closes; if any allow window applies to the environment, promotions run
 * only inside one; with no applicable window the state is open.
 */
import { DateTime } from 'luxon';
import type { Freeze, WindowStatus } from '../judgementApi';
import { WindowSpan, Plan, contains, planWindows } from './occurrences';
import { ReleaseWindow, WindowPolicy } from './types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How far ahead changesAt / opensAt are looked for, unless told. */
export const DEFAULT_WINDOW_HORIZON_DAYS = 14;

export type WindowStatusOptions = {
  now: Date;
  environment: string;
  /** The system's freeze, if one holds (the caller looks it up). */
  freeze?: Freeze | null;
  /** Look this many days ahead for the next change (1..366, default 14). */
  horizonDays?: number;
};

export function windowStatus(
  policy: WindowPolicy,
  options: WindowStatusOptions,
): WindowStatus {
  const now = instant(options.now);
  const horizonDays = options.horizonDays ?? DEFAULT_WINDOW_HORIZON_DAYS;
  if (!(horizonDays > 0 && horizonDays <= 366)) {
    throw new RangeError(`horizonDays must be in 1..366, got ${horizonDays}`);
  }
  const { freeze } = options;
  if (freeze) {
    // A freeze lasts until someone lifts it: no change is foreseeable.
    return {
      open: false,
      reason: `Frozen: ${freeze.reason} (by ${freeze.by} since ${freeze.at})`,
      window: null,
      changesAt: null,
      opensAt: null,
      votesOpenAt: null,
      frozen: true,
    };
  }

  const horizonEnd = now + horizonDays * DAY;
  // `to` is exclusive; +1 keeps a boundary exactly at the horizon.
  const plan = planWindows(policy, options.environment, now, horizonEnd + 1);
  const isOpen = (t: number) =>
    !contains(plan.deny, t) && (!plan.hasAllow || contains(plan.allow, t));
  const open = isOpen(now);
  const changesAt = nextChange(plan, now, horizonEnd, isOpen, open);

  const status: WindowStatus = {
    open,
    reason: '',
    window: null,
    changesAt: iso(changesAt),
    opensAt: open ? null : iso(changesAt),
    votesOpenAt: open ? null : iso(votesOpenFor(plan, changesAt)),
    frozen: false,
  };
  const activeDeny = plan.deny.find(d => d.start <= now && now < d.end);
  if (activeDeny) {
    status.window = activeDeny.window.name;
    status.reason = `Closed: deny window '${
      activeDeny.window.name
    }' is active${next(plan, changesAt, horizonDays)}`;
    return status;
  }
  if (!plan.hasAllow) {
    const upcoming = changesAt
      ? plan.deny.find(d => d.start === changesAt)
      : undefined;
    status.reason = !hasAnyWindow(policy, options.environment)
      ? `Open: no release window applies to environment '${options.environment}'`
      : `Open: no deny window is active${
          upcoming
            ? `; deny window '${upcoming.window.name}' starts at ${human(
                changesAt!,
                upcoming.window,
              )}`
            : ''
        }`;
    return status;
  }
  const inside = plan.allow.find(a => a.start <= now && now < a.end);
  if (inside) {
    status.window = inside.window.name;
    status.reason = `Open: inside allow window '${inside.window.name}'${
      changesAt ? ` until ${human(changesAt, inside.window)}` : ''
    }`;
    return status;
  }
  const holiday =
    plan.holidayDays.find(h => h.start <= now && now < h.end)?.holiday ??
    plan.dropped.find(d => d.start <= now && now < d.end)?.holiday;
  status.reason = holiday
    ? `Closed: ${holiday.name} (${
        holiday.date
      }): allow windows do not open${next(plan, changesAt, horizonDays)}`
    : `Closed: outside the allow windows for environment '${
        options.environment
      }'${next(plan, changesAt, horizonDays)}`;
  return status;
}

/**
 * Whether votes for a promotion may be cast now: inside the vote lead before
 * an allow window, inside one, or always when no allow window applies.
 * Deny windows and freezes do not stop voting.
 */
export function votingOpen(
  policy: WindowPolicy,
  options: { now: Date; environment: string },
): boolean {
  const now = instant(options.now);
  // A lead is at most 7 days, so look that far ahead for the occurrence.
  const plan = planWindows(policy, options.environment, now, now + 7 * DAY + 1);
  if (!plan.hasAllow) return true;
  if (contains(plan.allow, now)) return true;
  return plan.allowOccurrences.some(
    o =>
      o.start - (o.window.votesOpenBeforeMinutes ?? 0) * MINUTE <= now &&
      now < o.start,
  );
}

function hasAnyWindow(policy: WindowPolicy, environment: string) {
  return policy.windows.some(
    w => !w.environments || w.environments.includes(environment),
  );
}

/** The first boundary in (now, horizonEnd] where the state flips. */
function nextChange(
  plan: Plan,
  now: number,
  horizonEnd: number,
  isOpen: (t: number) => boolean,
  open: boolean,
): number | null {
  const boundaries = [...plan.deny, ...plan.allow]
    .flatMap(s => [s.start, s.end])
    .filter(t => t > now && t <= horizonEnd)
    .sort((a, b) => a - b);
  // Between boundaries the state is constant, so checking them suffices;
  // overlapping or touching windows merge because the state does not flip.
  return boundaries.find(t => isOpen(t) !== open) ?? null;
}

/** When voting opens for the allow occurrence that opens at `opensAt`. */
function votesOpenFor(plan: Plan, opensAt: number | null): number | null {
  if (opensAt === null || !plan.hasAllow) return null;
  const leads = plan.allowOccurrences
    .filter(
      o =>
        o.start <= opensAt &&
        opensAt < o.end &&
        o.window.votesOpenBeforeMinutes !== undefined,
    )
    .map(o => o.start - o.window.votesOpenBeforeMinutes! * MINUTE);
  return leads.length > 0 ? Math.min(...leads) : null;
}

function next(plan: Plan, changesAt: number | null, horizonDays: number) {
  if (changesAt === null) {
    return `; does not open within ${horizonDays} day${
      horizonDays === 1 ? '' : 's'
    }`;
  }
  const opening: WindowSpan | undefined = plan.allow.find(
    a => a.start <= changesAt && changesAt < a.end,
  );
  return opening
    ? `; opens at ${human(changesAt, opening.window)} ('${
        opening.window.name
      }')`
    : `; opens at ${new Date(changesAt).toISOString()}`;
}

/** UTC ISO, then the window's own wall time for people. */
function human(t: number, window: ReleaseWindow): string {
  const local = DateTime.fromMillis(t, { zone: window.timeZone }).toFormat(
    "ccc HH:mm 'in' ",
    { locale: 'en-US' },
  );
  return `${new Date(t).toISOString()} (${local}${window.timeZone})`;
}

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

function instant(date: Date): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError('now must be a valid Date');
  return t;
}
