import { ReleasesError } from '../errors';
import { InvalidWindowPolicyError } from './errors';
import { parseWindowPolicy } from './parseWindowPolicy';

const evening = {
  name: 'evening',
  kind: 'allow',
  days: ['mon', 'tue'],
  start: '17:00',
  durationMinutes: 60,
};

describe('parseWindowPolicy', () => {
  it('reads the friendly forms into the plain one', () => {
    expect(
      parseWindowPolicy({
        timeZone: 'Europe/Berlin',
        windows: [
          {
            name: 'evening',
            kind: 'allow',
            days: 'weekdays',
            start: '17:00',
            duration: '1h30m',
            votesOpenBefore: '60m',
            environments: ['production'],
          },
          {
            name: 'weekend',
            kind: 'deny',
            timeZone: 'America/New_York',
            days: 'weekends',
            start: '00:00',
            duration: '1d',
          },
          {
            name: 'any',
            kind: 'allow',
            days: ['Friday', 'MON', 'mon'],
            start: '09:05',
            durationMinutes: 5,
            votesOpenBeforeMinutes: 0,
          },
          {
            ...evening,
            name: 'daily',
            days: 'daily',
            durationMinutes: undefined,
            duration: '90m',
          },
        ],
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      }),
    ).toEqual({
      timeZone: 'Europe/Berlin',
      windows: [
        {
          name: 'evening',
          kind: 'allow',
          timeZone: 'Europe/Berlin',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          start: '17:00',
          durationMinutes: 90,
          votesOpenBeforeMinutes: 60,
          environments: ['production'],
        },
        {
          name: 'weekend',
          kind: 'deny',
          timeZone: 'America/New_York',
          days: ['sat', 'sun'],
          start: '00:00',
          durationMinutes: 1440,
        },
        {
          name: 'any',
          kind: 'allow',
          timeZone: 'Europe/Berlin',
          days: ['mon', 'fri'],
          start: '09:05',
          durationMinutes: 5,
          votesOpenBeforeMinutes: 0,
        },
        {
          name: 'daily',
          kind: 'allow',
          timeZone: 'Europe/Berlin',
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          start: '17:00',
          durationMinutes: 90,
        },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    });
  });

  it('reads an empty policy as no windows and no holidays', () => {
    expect(parseWindowPolicy({})).toEqual({ windows: [], holidays: [] });
  });

  it('takes back the date of a holiday YAML read as a timestamp', () => {
    expect(
      parseWindowPolicy({
        holidays: [{ date: new Date('2026-12-25T00:00:00Z'), name: 'Xmas' }],
      }).holidays,
    ).toEqual([{ date: '2026-12-25', name: 'Xmas' }]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'weekdays', '(policy): "weekdays" is not an object'],
    [
      'unknown policy key',
      { holiday: [] },
      'holiday: unknown key; known keys: timeZone, windows, holidays',
    ],
    [
      'unknown policy zone',
      { timeZone: 'Europe/Berlln', windows: [] },
      'timeZone: "Europe/Berlln" is not a known IANA time zone (e.g. "Europe/Berlin")',
    ],
    ['windows not a list', { windows: {} }, 'windows: {} is not a list'],
    [
      'bad start',
      {
        timeZone: 'UTC',
        windows: [evening, { ...evening, name: 'b', start: '25:00' }],
      },
      'windows[1].start: "25:00" is not HH:MM',
    ],
    [
      'start read by YAML as a number',
      { timeZone: 'UTC', windows: [{ ...evening, start: 1020 }] },
      'windows[0].start: 1020 is not HH:MM (quote it in YAML: start: "17:00")',
    ],
    [
      'missing start',
      { timeZone: 'UTC', windows: [{ ...evening, start: undefined }] },
      'windows[0].start: is required (HH:MM, e.g. "17:00")',
    ],
    [
      'missing zone',
      { windows: [evening] },
      'windows[0].timeZone: is required when the policy has no timeZone',
    ],
    [
      'unknown window zone',
      { windows: [{ ...evening, timeZone: 'Mars/Olympus' }] },
      'windows[0].timeZone: "Mars/Olympus" is not a known IANA time zone',
    ],
    [
      'bad kind',
      { timeZone: 'UTC', windows: [{ ...evening, kind: 'block' }] },
      'windows[0].kind: "block" is not "allow" or "deny"',
    ],
    [
      'unknown weekday',
      { timeZone: 'UTC', windows: [{ ...evening, days: ['mon', 'mo'] }] },
      'windows[0].days[1]: "mo" is not a weekday (mon..sun)',
    ],
    [
      'unknown day group',
      { timeZone: 'UTC', windows: [{ ...evening, days: 'workdays' }] },
      'windows[0].days[0]: "workdays" is not a weekday (mon..sun)',
    ],
    [
      'no days',
      { timeZone: 'UTC', windows: [{ ...evening, days: [] }] },
      'windows[0].days: [] is not a list of weekdays',
    ],
    [
      'zero duration',
      { timeZone: 'UTC', windows: [{ ...evening, durationMinutes: 0 }] },
      'windows[0].durationMinutes: 0 minutes is not between 1 minute and 7 days',
    ],
    [
      'duration over 7 days',
      {
        timeZone: 'UTC',
        windows: [{ ...evening, durationMinutes: undefined, duration: '8d' }],
      },
      'windows[0].duration: 11520 minutes is not between 1 minute and 7 days',
    ],
    [
      'bad duration text',
      {
        timeZone: 'UTC',
        windows: [
          { ...evening, durationMinutes: undefined, duration: '1 hour' },
        ],
      },
      'windows[0].duration: "1 hour" is not a duration like "1h", "90m" or "1h30m"',
    ],
    [
      'fractional minutes',
      { timeZone: 'UTC', windows: [{ ...evening, durationMinutes: 1.5 }] },
      'windows[0].durationMinutes: 1.5 is not a whole number of minutes',
    ],
    [
      'both duration forms',
      { timeZone: 'UTC', windows: [{ ...evening, duration: '1h' }] },
      'windows[0].duration: give duration or durationMinutes, not both',
    ],
    [
      'no duration',
      {
        timeZone: 'UTC',
        windows: [{ ...evening, durationMinutes: undefined }],
      },
      'windows[0].duration: is required',
    ],
    [
      'negative vote lead',
      {
        timeZone: 'UTC',
        windows: [{ ...evening, votesOpenBeforeMinutes: -5 }],
      },
      'windows[0].votesOpenBeforeMinutes: -5 minutes is not between 0 and 7 days',
    ],
    [
      'empty environments',
      { timeZone: 'UTC', windows: [{ ...evening, environments: [] }] },
      'windows[0].environments: is empty; leave it out to apply the window to every environment',
    ],
    [
      'bad environment',
      { timeZone: 'UTC', windows: [{ ...evening, environments: ['prod', 3] }] },
      'windows[0].environments[1]: 3 is not a non-empty string',
    ],
    [
      'unknown window key',
      { timeZone: 'UTC', windows: [{ ...evening, end: '18:00' }] },
      'windows[0].end: unknown key',
    ],
    [
      'duplicate name',
      { timeZone: 'UTC', windows: [evening, evening] },
      'windows[1].name: "evening" is already the name of windows[0]',
    ],
    [
      'missing name',
      { timeZone: 'UTC', windows: [{ ...evening, name: ' ' }] },
      'windows[0].name: " " is not a non-empty string',
    ],
    [
      'bad date',
      { holidays: [{ date: '2026-02-30', name: 'x' }] },
      'holidays[0].date: "2026-02-30" is not a date YYYY-MM-DD',
    ],
    [
      'date in another format',
      { holidays: [{ date: '25.12.2026', name: 'x' }] },
      'holidays[0].date: "25.12.2026" is not a date YYYY-MM-DD',
    ],
    [
      'holiday without a name',
      { holidays: [{ date: '2026-12-25' }] },
      'holidays[0].name: missing is not a non-empty string',
    ],
  ])('refuses %s, naming the field', (_, input, message) => {
    let error: unknown;
    try {
      parseWindowPolicy(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidWindowPolicyError);
    expect(error).toBeInstanceOf(ReleasesError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message.startsWith(message.split(':')[0])).toBe(
      true,
    );
    expect((error as InvalidWindowPolicyError).field).toBe(
      message.split(':')[0],
    );
  });

  it('prefixes field names with the config path when given one', () => {
    expect(() =>
      parseWindowPolicy(
        { windows: [{ ...evening, timeZone: 'UTC', start: '7pm' }] },
        { path: 'releases.windows.shop' },
      ),
    ).toThrow('releases.windows.shop.windows[0].start: "7pm" is not HH:MM');
  });
});
