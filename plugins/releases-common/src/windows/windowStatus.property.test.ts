/*
 * Property: for random policies in Berlin and New York and random instants
 * around the 2026/2027 DST changes, windowStatus agrees with a brute-force
 * minute-by-minute evaluation of the rules over the next week. The brute
 * force shares only the zone data (IANAZone.offset) with the module: it
 * finds a window's start by scanning minutes for the first instant whose
 * wall time reaches the configured one, which is the documented DST rule.
 */
import { IANAZone } from 'luxon';
import { ReleaseWindow, WEEKDAYS, WindowPolicy } from './types';
import { votingOpen, windowStatus } from './windowStatus';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const ZONES = ['Europe/Berlin', 'America/New_York'];
/** DST changes, with the local times they skip or repeat. */
const CHANGES = [
  {
    at: '2026-10-25T01:00:00Z',
    zone: 'Europe/Berlin',
    times: ['02:00', '02:30'],
  },
  {
    at: '2026-11-01T06:00:00Z',
    zone: 'America/New_York',
    times: ['01:00', '01:30'],
  },
  {
    at: '2027-03-14T07:00:00Z',
    zone: 'America/New_York',
    times: ['02:00', '02:30'],
  },
  {
    at: '2027-03-28T01:00:00Z',
    zone: 'Europe/Berlin',
    times: ['02:00', '02:30'],
  },
];

/** mulberry32: small, seeded, good enough to pick test cases. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPolicy(
  rnd: () => number,
  change: (typeof CHANGES)[number],
): WindowPolicy {
  const around = Date.parse(change.at);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(rnd() * items.length)];
  const windows: ReleaseWindow[] = [];
  const count = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < count; i++) {
    // Biased towards the zone that changes, on its Sunday, at the times the
    // change skips or repeats: that is where the DST rules matter.
    let days = WEEKDAYS.filter(d => rnd() < (d === 'sun' ? 0.7 : 0.4));
    if (days.length === 0) days = [pick(WEEKDAYS)];
    const r = rnd();
    let start = `${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${pick([
      '00',
      '15',
      '45',
    ])}`;
    if (r < 0.4) start = pick(change.times);
    else if (r < 0.7) {
      start = pick(['00:00', '01:30', '02:30', '03:00', '17:00', '23:30']);
    }
    const window: ReleaseWindow = {
      name: `w${i}`,
      kind: rnd() < 0.6 ? 'allow' : 'deny',
      timeZone: rnd() < 0.7 ? change.zone : pick(ZONES),
      days,
      start,
      durationMinutes: pick([15, 60, 90, 240, 600, 1440, 3000]),
    };
    if (rnd() < 0.4) window.votesOpenBeforeMinutes = pick([0, 30, 60, 600]);
    const environments = pick([
      undefined,
      undefined,
      ['production'],
      ['staging'],
    ]);
    if (environments) window.environments = environments;
    windows.push(window);
  }
  const holidays = [];
  for (let i = Math.floor(rnd() * 3); i > 0; i--) {
    const date = new Date(around + (rnd() * 10 - 3) * DAY);
    holidays.push({ date: date.toISOString().slice(0, 10), name: `h${i}` });
  }
  const timeZone = pick([undefined, ...ZONES]);
  return { ...(timeZone ? { timeZone } : {}), windows, holidays };
}

// ---- brute force -------------------------------------------------------

const startCache = new Map<string, number>();

/** First whole minute whose wall time in `zoneName` is >= date + hhmm. */
function bruteStart(zoneName: string, date: string, hhmm: string): number {
  const key = `${zoneName} ${date} ${hhmm}`;
  const cached = startCache.get(key);
  if (cached !== undefined) return cached;
  const z = IANAZone.create(zoneName);
  const wanted = Date.parse(`${date}T${hhmm}:00Z`);
  // Both zones are within UTC-5..UTC+2, so the instant is in this range.
  for (let t = wanted - 3 * 60 * MINUTE; ; t += MINUTE) {
    if (t + z.offset(t) * MINUTE >= wanted) {
      startCache.set(key, t);
      return t;
    }
  }
}

function localDate(zoneName: string, t: number): string {
  const z = IANAZone.create(zoneName);
  return new Date(t + z.offset(t) * MINUTE).toISOString().slice(0, 10);
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY)
    .toISOString()
    .slice(0, 10);
}

function weekdayOf(date: string): string {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
}

/** Starts of `w`'s occurrences that could contain `t`. */
const startsCache = new WeakMap<ReleaseWindow, Map<string, number[]>>();

function starts(w: ReleaseWindow, t: number): number[] {
  const today = localDate(w.timeZone, t);
  let byDay = startsCache.get(w);
  if (!byDay) startsCache.set(w, (byDay = new Map()));
  const cached = byDay.get(today);
  if (cached) return cached;
  const out: number[] = [];
  for (let k = 0; k <= 8; k++) {
    const date = shiftDate(today, -k);
    if (w.days.includes(weekdayOf(date) as never)) {
      out.push(bruteStart(w.timeZone, date, w.start));
    }
  }
  byDay.set(today, out);
  return out;
}

function bruteOpen(policy: WindowPolicy, env: string, t: number): boolean {
  const applicable = policy.windows.filter(
    w => !w.environments || w.environments.includes(env),
  );
  const isHoliday = (zoneName: string, instant: number) =>
    policy.holidays.some(h => h.date === localDate(zoneName, instant));
  for (const w of applicable.filter(x => x.kind === 'deny')) {
    if (starts(w, t).some(s => s <= t && t < s + w.durationMinutes * MINUTE)) {
      return false;
    }
  }
  const allow = applicable.filter(w => w.kind === 'allow');
  if (allow.length === 0) return true;
  return allow.some(w => {
    const hz = policy.timeZone ?? w.timeZone;
    if (isHoliday(hz, t)) return false;
    return starts(w, t).some(
      s => s <= t && t < s + w.durationMinutes * MINUTE && !isHoliday(hz, s),
    );
  });
}

function bruteVoting(policy: WindowPolicy, env: string, t: number): boolean {
  const allow = policy.windows.filter(
    w =>
      w.kind === 'allow' && (!w.environments || w.environments.includes(env)),
  );
  if (allow.length === 0) return true;
  return allow.some(w => {
    const hz = policy.timeZone ?? w.timeZone;
    const isHoliday = (i: number) =>
      policy.holidays.some(h => h.date === localDate(hz, i));
    const lead = (w.votesOpenBeforeMinutes ?? 0) * MINUTE;
    // Running ones, and those starting up to 7 days ahead (the longest lead).
    const candidates = new Set([...starts(w, t), ...starts(w, t + 8 * DAY)]);
    return [...candidates].some(
      s =>
        !isHoliday(s) &&
        ((s - lead <= t && t < s) ||
          (s <= t && t < s + w.durationMinutes * MINUTE && !isHoliday(t))),
    );
  });
}

// ---- the property ------------------------------------------------------

describe('windowStatus agrees with a minute-by-minute brute force', () => {
  const samples = Array.from({ length: 48 }, (_, i) => i);
  it.each(samples)('from random instant #%i, over the next week', sample => {
    const rnd = random(1000 + sample);
    const change = CHANGES[sample % CHANGES.length];
    const policy = randomPolicy(rnd, change);
    const environment = rnd() < 0.5 ? 'production' : 'staging';
    // Mostly before the change, so the week ahead crosses it.
    const now =
      Date.parse(change.at) - 6 * DAY + Math.floor(rnd() * 7 * 1440) * MINUTE;

    const end = now + 7 * 1440 * MINUTE;
    const brute: boolean[] = [];
    for (let t = now; t <= end; t += MINUTE) {
      brute.push(bruteOpen(policy, environment, t));
    }
    const bruteFlips = brute
      .map((open, i) => (i > 0 && open !== brute[i - 1] ? i : -1))
      .filter(i => i > 0)
      .map(i => new Date(now + i * MINUTE).toISOString());

    // Follow changesAt from now to the end of the week: every flip, not
    // only the first, must be where the brute force has one.
    const first = windowStatus(policy, {
      now: new Date(now),
      environment,
      horizonDays: 7,
    });
    const flips: string[] = [];
    const consistent: boolean[] = [];
    for (let status = first; status.changesAt; ) {
      const t = Date.parse(status.changesAt);
      if (t > end) break;
      flips.push(status.changesAt);
      const after = windowStatus(policy, { now: new Date(t), environment });
      // opensAt is changesAt when closed, and absent when open.
      consistent.push(
        after.open !== status.open &&
          status.opensAt === (status.open ? null : status.changesAt),
      );
      status = after;
    }
    const half = windowStatus(policy, {
      now: new Date(now + 30_000),
      environment,
    });

    const context = { sample, now: new Date(now).toISOString(), policy };
    expect({
      ...context,
      open: first.open,
      halfMinuteLater: half.open,
      flips,
      consistent: consistent.every(Boolean),
      voting: votingOpen(policy, { now: new Date(now), environment }),
    }).toEqual({
      ...context,
      open: brute[0],
      halfMinuteLater: brute[0],
      flips: bruteFlips,
      consistent: true,
      voting: bruteVoting(policy, environment, now),
    });
  });
});
