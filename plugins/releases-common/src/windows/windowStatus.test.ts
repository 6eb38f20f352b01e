import { occurrences } from './occurrences';
import { parseWindowPolicy } from './parseWindowPolicy';
import { WindowPolicy } from './types';
import { votingOpen, windowStatus } from './windowStatus';

const at = (iso: string) => new Date(iso);

function status(
  policy: WindowPolicy,
  now: string,
  environment = 'production',
  extra: { horizonDays?: number } = {},
) {
  return windowStatus(policy, { now: at(now), environment, ...extra });
}

/** Weekdays 17:00 Berlin for one hour, votes 60 minutes before. */
const berlinEvening = parseWindowPolicy({
  timeZone: 'Europe/Berlin',
  windows: [
    {
      name: 'evening',
      kind: 'allow',
      days: 'weekdays',
      start: '17:00',
      duration: '1h',
      votesOpenBefore: '60m',
    },
  ],
});

describe('windowStatus: one allow window in Berlin', () => {
  it('is 16:00Z in winter (CET)', () => {
    // Monday 2027-01-04.
    expect(status(berlinEvening, '2027-01-04T15:59:00Z')).toMatchObject({
      open: false,
      window: null,
      changesAt: '2027-01-04T16:00:00.000Z',
      opensAt: '2027-01-04T16:00:00.000Z',
      votesOpenAt: '2027-01-04T15:00:00.000Z',
      frozen: false,
    });
    expect(status(berlinEvening, '2027-01-04T16:00:00Z')).toEqual({
      open: true,
      reason:
        "Open: inside allow window 'evening' until 2027-01-04T17:00:00.000Z (Mon 18:00 in Europe/Berlin)",
      window: 'evening',
      changesAt: '2027-01-04T17:00:00.000Z',
      opensAt: null,
      votesOpenAt: null,
      frozen: false,
    });
    expect(status(berlinEvening, '2027-01-04T16:59:59.999Z').open).toBe(true);
    expect(status(berlinEvening, '2027-01-04T17:00:00Z')).toMatchObject({
      open: false,
      changesAt: '2027-01-05T16:00:00.000Z',
      opensAt: '2027-01-05T16:00:00.000Z',
      votesOpenAt: '2027-01-05T15:00:00.000Z',
    });
  });

  it('is 15:00Z in summer (CEST)', () => {
    // Monday 2027-04-05, after the change on 2027-03-28.
    expect(status(berlinEvening, '2027-04-05T15:00:00Z').open).toBe(true);
    expect(status(berlinEvening, '2027-04-05T15:59:00Z').open).toBe(true);
    expect(status(berlinEvening, '2027-04-05T16:00:00Z').open).toBe(false);
    expect(status(berlinEvening, '2027-04-05T14:59:00Z')).toMatchObject({
      open: false,
      opensAt: '2027-04-05T15:00:00.000Z',
      votesOpenAt: '2027-04-05T14:00:00.000Z',
    });
  });

  it('crosses the spring change: Friday 16:00Z, Monday 15:00Z', () => {
    // Friday 2027-03-26 after the window: the next one is Monday, in CEST.
    expect(status(berlinEvening, '2027-03-26T17:00:00Z')).toMatchObject({
      open: false,
      opensAt: '2027-03-29T15:00:00.000Z',
      votesOpenAt: '2027-03-29T14:00:00.000Z',
    });
    expect(
      occurrences(
        berlinEvening.windows[0],
        at('2027-03-26T00:00:00Z'),
        at('2027-03-30T00:00:00Z'),
      ).map(o => [o.start.toISOString(), o.end.toISOString()]),
    ).toEqual([
      ['2027-03-26T16:00:00.000Z', '2027-03-26T17:00:00.000Z'],
      ['2027-03-29T15:00:00.000Z', '2027-03-29T16:00:00.000Z'],
    ]);
  });

  it('crosses the autumn change: Friday 15:00Z, Monday 16:00Z', () => {
    expect(status(berlinEvening, '2026-10-23T16:00:00Z')).toMatchObject({
      open: false,
      opensAt: '2026-10-26T16:00:00.000Z',
    });
    expect(status(berlinEvening, '2026-10-23T15:30:00Z').open).toBe(true);
  });

  it('says when nothing opens within the horizon', () => {
    expect(
      status(berlinEvening, '2027-01-09T12:00:00Z', 'production', {
        horizonDays: 1,
      }),
    ).toMatchObject({
      open: false,
      changesAt: null,
      opensAt: null,
      votesOpenAt: null,
      reason:
        "Closed: outside the allow windows for environment 'production'; does not open within 1 day",
    });
  });
});

describe('windowStatus: New York and Berlin between the US and EU changes', () => {
  const policy = parseWindowPolicy({
    windows: [
      {
        name: 'berlin',
        kind: 'allow',
        timeZone: 'Europe/Berlin',
        days: 'weekdays',
        start: '17:00',
        duration: '1h',
        environments: ['eu'],
      },
      {
        name: 'new-york',
        kind: 'allow',
        timeZone: 'America/New_York',
        days: 'weekdays',
        start: '11:00',
        duration: '1h',
        environments: ['us'],
      },
    ],
  });
  const opens = (now: string, env: string) => status(policy, now, env).opensAt;

  it('are 6 hours apart in winter: the same instant', () => {
    expect(opens('2027-01-04T00:00:00Z', 'eu')).toBe(
      '2027-01-04T16:00:00.000Z',
    );
    expect(opens('2027-01-04T00:00:00Z', 'us')).toBe(
      '2027-01-04T16:00:00.000Z',
    );
  });

  it('are 5 hours apart in the spring week New York has changed and Berlin has not', () => {
    // US DST from 2027-03-14, EU from 2027-03-28.
    expect(opens('2027-03-15T00:00:00Z', 'eu')).toBe(
      '2027-03-15T16:00:00.000Z',
    );
    expect(opens('2027-03-15T00:00:00Z', 'us')).toBe(
      '2027-03-15T15:00:00.000Z',
    );
    expect(status(policy, '2027-03-15T15:30:00Z', 'us').open).toBe(true);
    expect(status(policy, '2027-03-15T15:30:00Z', 'eu').open).toBe(false);
    expect(opens('2027-03-26T00:00:00Z', 'us')).toBe(
      '2027-03-26T15:00:00.000Z',
    );
    expect(opens('2027-03-26T00:00:00Z', 'eu')).toBe(
      '2027-03-26T16:00:00.000Z',
    );
  });

  it('are 6 hours apart again once both are on summer time', () => {
    expect(opens('2027-03-29T00:00:00Z', 'eu')).toBe(
      '2027-03-29T15:00:00.000Z',
    );
    expect(opens('2027-03-29T00:00:00Z', 'us')).toBe(
      '2027-03-29T15:00:00.000Z',
    );
  });

  it('are 5 hours apart in the autumn week Berlin has changed back and New York has not', () => {
    // EU back on 2026-10-25, US on 2026-11-01.
    expect(opens('2026-10-26T00:00:00Z', 'eu')).toBe(
      '2026-10-26T16:00:00.000Z',
    );
    expect(opens('2026-10-26T00:00:00Z', 'us')).toBe(
      '2026-10-26T15:00:00.000Z',
    );
    expect(opens('2026-11-02T00:00:00Z', 'us')).toBe(
      '2026-11-02T16:00:00.000Z',
    );
  });

  it('applies each window to its own environments only', () => {
    // Neither window names "staging": no window applies, so it is open.
    expect(status(policy, '2027-03-15T03:00:00Z', 'staging')).toMatchObject({
      open: true,
      window: null,
      changesAt: null,
      reason: "Open: no release window applies to environment 'staging'",
    });
  });
});

describe('windowStatus: DST days', () => {
  it('starts a 02:30 window on the Berlin spring-forward day at 03:00 CEST', () => {
    const policy = parseWindowPolicy({
      windows: [
        {
          name: 'night',
          kind: 'allow',
          timeZone: 'Europe/Berlin',
          days: 'daily',
          start: '02:30',
          durationMinutes: 60,
        },
      ],
    });
    expect(
      occurrences(
        policy.windows[0],
        at('2027-03-27T00:00:00Z'),
        at('2027-03-30T00:00:00Z'),
      ).map(o => [o.start.toISOString(), o.end.toISOString()]),
    ).toEqual([
      ['2027-03-27T01:30:00.000Z', '2027-03-27T02:30:00.000Z'], // 02:30 CET
      ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z'], // 03:00-04:00 CEST
      ['2027-03-29T00:30:00.000Z', '2027-03-29T01:30:00.000Z'], // 02:30 CEST
    ]);
    expect(status(policy, '2027-03-28T00:59:00Z')).toMatchObject({
      open: false,
      opensAt: '2027-03-28T01:00:00.000Z',
    });
    expect(status(policy, '2027-03-28T01:59:00Z')).toMatchObject({
      open: true,
      changesAt: '2027-03-28T02:00:00.000Z',
    });
  });

  it('starts a 02:30 window on the New York spring-forward day at 03:00 EDT', () => {
    const policy = parseWindowPolicy({
      timeZone: 'America/New_York',
      windows: [
        {
          name: 'n',
          kind: 'allow',
          days: ['sun'],
          start: '02:30',
          duration: '30m',
        },
      ],
    });
    expect(status(policy, '2027-03-14T06:00:00Z')).toMatchObject({
      open: false,
      opensAt: '2027-03-14T07:00:00.000Z',
    });
    expect(status(policy, '2027-03-14T07:10:00Z')).toMatchObject({
      open: true,
      changesAt: '2027-03-14T07:30:00.000Z',
    });
  });

  it('starts a 01:30 window on the New York fall-back day at the first 01:30 (EDT)', () => {
    const policy = parseWindowPolicy({
      timeZone: 'America/New_York',
      windows: [
        {
          name: 'n',
          kind: 'allow',
          days: 'daily',
          start: '01:30',
          duration: '1h',
        },
      ],
    });
    // 01:30 EDT = 05:30Z; an hour of real time later it is 01:30 EST.
    expect(status(policy, '2026-11-01T05:00:00Z').opensAt).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(status(policy, '2026-11-01T06:15:00Z')).toMatchObject({
      open: true, // 01:15 EST, the second pass through the hour
      changesAt: '2026-11-01T06:30:00.000Z',
    });
    expect(status(policy, '2026-11-01T06:30:00Z')).toMatchObject({
      open: false,
      opensAt: '2026-11-02T06:30:00.000Z', // 01:30 EST the next day
    });
  });

  it('counts durations in real elapsed minutes across a change', () => {
    const policy = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'long',
          kind: 'allow',
          days: ['sun'],
          start: '00:00',
          duration: '3h',
        },
      ],
    });
    // Fall back: 00:00 CEST (22:00Z) + 3 h = 01:00Z, which is 02:00 CET.
    expect(status(policy, '2026-10-24T22:00:00Z').changesAt).toBe(
      '2026-10-25T01:00:00.000Z',
    );
    // Spring forward: 00:00 CET (23:00Z) + 3 h = 02:00Z, which is 04:00 CEST.
    expect(status(policy, '2027-03-27T23:00:00Z').changesAt).toBe(
      '2027-03-28T02:00:00.000Z',
    );
  });
});

describe('windowStatus: precedence', () => {
  const policy = parseWindowPolicy({
    timeZone: 'Europe/Berlin',
    windows: [
      {
        name: 'office',
        kind: 'allow',
        days: 'weekdays',
        start: '09:00',
        duration: '8h',
      },
      {
        name: 'lunch',
        kind: 'deny',
        days: ['fri'],
        start: '12:00',
        duration: '2h',
      },
      {
        name: 'staging-maintenance',
        kind: 'deny',
        days: 'daily',
        start: '03:00',
        duration: '1h',
        environments: ['staging'],
      },
    ],
  });

  it('closes inside a deny window even inside an allow window', () => {
    // Friday 2027-01-08, 13:00 CET.
    expect(status(policy, '2027-01-08T12:00:00Z')).toMatchObject({
      open: false,
      window: 'lunch',
      changesAt: '2027-01-08T13:00:00.000Z',
      opensAt: '2027-01-08T13:00:00.000Z',
      reason:
        "Closed: deny window 'lunch' is active; opens at 2027-01-08T13:00:00.000Z (Fri 14:00 in Europe/Berlin) ('office')",
    });
  });

  it('is open inside an allow window until a deny window starts', () => {
    expect(status(policy, '2027-01-08T10:00:00Z')).toMatchObject({
      open: true,
      window: 'office',
      changesAt: '2027-01-08T11:00:00.000Z',
    });
  });

  it('is closed outside the allow windows, even with no deny window active', () => {
    expect(status(policy, '2027-01-09T10:00:00Z')).toMatchObject({
      open: false,
      window: null,
      opensAt: '2027-01-11T08:00:00.000Z',
    });
    expect(status(policy, '2027-01-09T10:00:00Z').reason).toContain(
      "opens at 2027-01-11T08:00:00.000Z (Mon 09:00 in Europe/Berlin) ('office')",
    );
  });

  it('is open with deny windows only, until one starts', () => {
    const denyOnly = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'weekend',
          kind: 'deny',
          days: ['sat'],
          start: '00:00',
          duration: '2d',
        },
      ],
    });
    expect(status(denyOnly, '2027-01-08T12:00:00Z')).toMatchObject({
      open: true,
      window: null,
      changesAt: '2027-01-08T23:00:00.000Z',
      opensAt: null,
      reason:
        "Open: no deny window is active; deny window 'weekend' starts at 2027-01-08T23:00:00.000Z (Sat 00:00 in Europe/Berlin)",
    });
    expect(status(denyOnly, '2027-01-09T12:00:00Z')).toMatchObject({
      open: false,
      window: 'weekend',
      opensAt: '2027-01-10T23:00:00.000Z',
      votesOpenAt: null,
    });
  });

  it('is open with no windows at all, and never changes', () => {
    expect(
      status({ windows: [], holidays: [] }, '2027-01-08T12:00:00Z'),
    ).toEqual({
      open: true,
      reason: "Open: no release window applies to environment 'production'",
      window: null,
      changesAt: null,
      opensAt: null,
      votesOpenAt: null,
      frozen: false,
    });
  });

  it('applies a deny window only to its environments', () => {
    // 04:00 CET on a Monday: office is closed anyway in production...
    expect(status(policy, '2027-01-11T02:30:00Z', 'production')).toMatchObject({
      open: false,
      window: null,
    });
    expect(status(policy, '2027-01-11T02:30:00Z', 'staging')).toMatchObject({
      open: false,
      window: 'staging-maintenance',
    });
    // ...and at 09:00 both are open; staging's deny window is not production's.
    expect(status(policy, '2027-01-11T08:00:00Z', 'staging').open).toBe(true);
  });

  it('is closed by a freeze whatever the windows say', () => {
    const freeze = {
      system: 'shop',
      reason: 'incident INC-42',
      by: 'user:default/ops',
      at: '2027-01-08T09:00:00.000Z',
    };
    for (const p of [policy, { windows: [], holidays: [] }]) {
      expect(
        windowStatus(p, {
          now: at('2027-01-08T10:00:00Z'),
          environment: 'production',
          freeze,
        }),
      ).toEqual({
        open: false,
        reason:
          'Frozen: incident INC-42 (by user:default/ops since 2027-01-08T09:00:00.000Z)',
        window: null,
        changesAt: null,
        opensAt: null,
        votesOpenAt: null,
        frozen: true,
      });
    }
    expect(
      windowStatus(policy, {
        now: at('2027-01-08T10:00:00Z'),
        environment: 'production',
        freeze: null,
      }).open,
    ).toBe(true);
  });
});

describe('windowStatus: overlapping windows and midnight', () => {
  it('merges overlapping and touching allow windows into one open period', () => {
    const policy = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'a',
          kind: 'allow',
          days: ['mon'],
          start: '17:00',
          duration: '1h',
        },
        {
          name: 'b',
          kind: 'allow',
          days: ['mon'],
          start: '17:30',
          duration: '1h',
        },
        {
          name: 'c',
          kind: 'allow',
          days: ['mon'],
          start: '18:30',
          duration: '30m',
        },
      ],
    });
    expect(status(policy, '2027-01-04T16:10:00Z')).toMatchObject({
      open: true,
      window: 'a',
      changesAt: '2027-01-04T18:00:00.000Z', // 19:00 CET, end of c
    });
    expect(status(policy, '2027-01-04T17:10:00Z').window).toBe('b');
  });

  it('keeps a window that crosses midnight on the day it starts', () => {
    const policy = parseWindowPolicy({
      timeZone: 'America/New_York',
      windows: [
        {
          name: 'late',
          kind: 'allow',
          days: ['fri'],
          start: '23:00',
          duration: '2h',
        },
      ],
    });
    // Saturday 2027-01-09 00:30 EST is inside Friday's window.
    expect(status(policy, '2027-01-09T05:30:00Z')).toMatchObject({
      open: true,
      window: 'late',
      changesAt: '2027-01-09T06:00:00.000Z',
    });
    // Friday 00:30 is not inside a Thursday window: there is none.
    expect(status(policy, '2027-01-08T05:30:00Z')).toMatchObject({
      open: false,
      opensAt: '2027-01-09T04:00:00.000Z',
    });
  });
});

describe('windowStatus: holidays', () => {
  const policy = parseWindowPolicy({
    timeZone: 'Europe/Berlin',
    windows: [
      {
        name: 'evening',
        kind: 'allow',
        days: 'weekdays',
        start: '17:00',
        duration: '1h',
        votesOpenBefore: '1h',
      },
      {
        name: 'late',
        kind: 'allow',
        days: ['wed'],
        start: '23:00',
        duration: '2h',
      },
      {
        name: 'fri-deny',
        kind: 'deny',
        days: ['fri'],
        start: '08:00',
        duration: '1h',
      },
    ],
    holidays: [
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ],
  });

  it('keeps allow windows shut all day and names the holiday', () => {
    // Thursday 2026-12-24 17:30 CET would be inside 'evening'.
    const s = status(policy, '2026-12-24T16:30:00Z');
    expect(s).toMatchObject({
      open: false,
      window: null,
      opensAt: '2026-12-28T16:00:00.000Z', // Monday
      votesOpenAt: '2026-12-28T15:00:00.000Z',
    });
    expect(s.reason).toBe(
      "Closed: Christmas Eve (2026-12-24): allow windows do not open; opens at 2026-12-28T16:00:00.000Z (Mon 17:00 in Europe/Berlin) ('evening')",
    );
    expect(status(policy, '2026-12-25T03:00:00Z').reason).toContain(
      'Christmas Day (2026-12-25)',
    );
    expect(
      votingOpen(policy, { now: at('2026-12-24T15:30:00Z'), environment: 'x' }),
    ).toBe(false);
  });

  it('cuts a window from the day before at the holiday’s midnight', () => {
    // Wednesday 23:00 CET to Thursday 01:00 CET; Thursday is Christmas Eve.
    expect(status(policy, '2026-12-23T22:30:00Z')).toMatchObject({
      open: true,
      window: 'late',
      changesAt: '2026-12-23T23:00:00.000Z',
    });
    expect(status(policy, '2026-12-23T23:30:00Z')).toMatchObject({
      open: false,
      reason: expect.stringContaining('Christmas Eve'),
    });
  });

  it('does not open a window that starts on a holiday, past midnight either', () => {
    const late = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'late',
          kind: 'allow',
          days: ['fri'],
          start: '23:00',
          duration: '2h',
        },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    });
    // Saturday 00:30 CET, inside Friday's (Christmas Day's) occurrence.
    expect(status(late, '2026-12-25T23:30:00Z')).toMatchObject({
      open: false,
      reason: expect.stringContaining('Christmas Day (2026-12-25)'),
      opensAt: '2027-01-01T22:00:00.000Z',
    });
  });

  it('does not stop deny windows, and leaves deny-only policies open', () => {
    expect(status(policy, '2026-12-25T07:30:00Z')).toMatchObject({
      open: false,
      window: 'fri-deny',
    });
    const denyOnly = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'night',
          kind: 'deny',
          days: 'daily',
          start: '00:00',
          duration: '6h',
        },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    });
    expect(status(denyOnly, '2026-12-25T12:00:00Z').open).toBe(true);
  });

  it('reads the date in the policy time zone, or else the window’s', () => {
    const windows = [
      {
        name: 'ny-evening',
        kind: 'allow',
        timeZone: 'America/New_York',
        days: 'daily',
        start: '20:00',
        duration: '1h',
      },
    ];
    const holidays = [{ date: '2026-12-25', name: 'Christmas Day' }];
    // 2026-12-24 20:00 EST is 2026-12-25 02:00 in Berlin.
    const berlinDays = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows,
      holidays,
    });
    const ownDays = parseWindowPolicy({ windows, holidays });
    expect(status(berlinDays, '2026-12-25T01:30:00Z').open).toBe(false);
    expect(status(ownDays, '2026-12-25T01:30:00Z').open).toBe(true);
    expect(status(berlinDays, '2026-12-26T01:30:00Z').open).toBe(true);
    expect(status(ownDays, '2026-12-26T01:30:00Z').open).toBe(false);
  });
});

describe('votes', () => {
  it('gives votesOpenAt in the past when voting has already opened', () => {
    expect(status(berlinEvening, '2027-01-04T15:30:00Z')).toMatchObject({
      open: false,
      votesOpenAt: '2027-01-04T15:00:00.000Z',
    });
  });

  it('has no votesOpenAt for a window without a vote lead', () => {
    const policy = parseWindowPolicy({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'w',
          kind: 'allow',
          days: 'daily',
          start: '17:00',
          duration: '1h',
        },
      ],
    });
    expect(status(policy, '2027-01-04T12:00:00Z').votesOpenAt).toBeNull();
  });

  it('votingOpen: inside the lead and the window, or with no allow window', () => {
    const voting = (now: string, policy = berlinEvening) =>
      votingOpen(policy, { now: at(now), environment: 'production' });
    expect(voting('2027-01-04T14:59:00Z')).toBe(false);
    expect(voting('2027-01-04T15:00:00Z')).toBe(true);
    expect(voting('2027-01-04T16:30:00Z')).toBe(true);
    expect(voting('2027-01-04T17:00:00Z')).toBe(false);
    // Saturday: no window that day, so no lead either.
    expect(voting('2027-01-09T15:30:00Z')).toBe(false);
    expect(voting('2027-01-09T15:30:00Z', { windows: [], holidays: [] })).toBe(
      true,
    );
  });
});

describe('windowStatus: bad options', () => {
  it('refuses an invalid clock or horizon', () => {
    expect(() =>
      windowStatus(berlinEvening, {
        now: new Date('not a date'),
        environment: 'p',
      }),
    ).toThrow('now must be a valid Date');
    expect(() =>
      windowStatus(berlinEvening, {
        now: at('2027-01-04T00:00:00Z'),
        environment: 'p',
        horizonDays: 0,
      }),
    ).toThrow('horizonDays must be in 1..366');
  });
});
