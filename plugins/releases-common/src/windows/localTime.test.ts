import { DateTime } from 'luxon';
import {
  isoWeekday,
  localTimeToInstant,
  parseHHMM,
  parseLocalDate,
  zone,
} from './localTime';

const BERLIN = zone('Europe/Berlin');
const NEW_YORK = zone('America/New_York');

function utc(z: typeof BERLIN, date: string, hhmm: string): string {
  return new Date(
    localTimeToInstant(z, parseLocalDate(date)!, parseHHMM(hhmm)!),
  ).toISOString();
}

describe('localTimeToInstant', () => {
  it('reads ordinary local times with the offset of the day', () => {
    expect(utc(BERLIN, '2027-01-04', '17:00')).toBe('2027-01-04T16:00:00.000Z');
    expect(utc(BERLIN, '2027-04-05', '17:00')).toBe('2027-04-05T15:00:00.000Z');
    expect(utc(NEW_YORK, '2027-01-04', '11:00')).toBe(
      '2027-01-04T16:00:00.000Z',
    );
    expect(utc(NEW_YORK, '2027-03-15', '11:00')).toBe(
      '2027-03-15T15:00:00.000Z',
    );
  });

  it('starts a missing local time (spring forward) at the first valid instant after it', () => {
    // Berlin 2027-03-28: 02:00 CET jumps to 03:00 CEST (01:00Z).
    expect(utc(BERLIN, '2027-03-28', '02:00')).toBe('2027-03-28T01:00:00.000Z');
    expect(utc(BERLIN, '2027-03-28', '02:30')).toBe('2027-03-28T01:00:00.000Z');
    expect(utc(BERLIN, '2027-03-28', '02:59')).toBe('2027-03-28T01:00:00.000Z');
    expect(utc(BERLIN, '2027-03-28', '03:00')).toBe('2027-03-28T01:00:00.000Z');
    expect(utc(BERLIN, '2027-03-28', '01:59')).toBe('2027-03-28T00:59:00.000Z');
    // New York 2027-03-14: 02:00 EST jumps to 03:00 EDT (07:00Z).
    expect(utc(NEW_YORK, '2027-03-14', '02:30')).toBe(
      '2027-03-14T07:00:00.000Z',
    );
  });

  it('differs from luxon, which shifts a missing time by the gap', () => {
    // Pinned so that a luxon upgrade that changes this is noticed; our rule
    // is the documented one, not luxon's.
    const luxon = DateTime.fromObject(
      { year: 2027, month: 3, day: 28, hour: 2, minute: 30 },
      { zone: 'Europe/Berlin' },
    );
    expect(luxon.toUTC().toISO()).toBe('2027-03-28T01:30:00.000Z');
    expect(utc(BERLIN, '2027-03-28', '02:30')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('starts a doubled local time (fall back) at the first of the two', () => {
    // New York 2026-11-01: 01:30 is 05:30Z (EDT) and again 06:30Z (EST).
    expect(utc(NEW_YORK, '2026-11-01', '01:30')).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(utc(NEW_YORK, '2026-11-01', '02:00')).toBe(
      '2026-11-01T07:00:00.000Z',
    );
    // Berlin 2026-10-25: 02:30 is 00:30Z (CEST) and again 01:30Z (CET).
    expect(utc(BERLIN, '2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(utc(BERLIN, '2026-10-25', '03:00')).toBe('2026-10-25T02:00:00.000Z');
    // luxon would take the later one.
    const luxon = DateTime.fromObject(
      { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
      { zone: 'America/New_York' },
    );
    expect(luxon.toUTC().toISO()).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('accepts real dates only', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
    for (const bad of ['2027-02-29', '2026-13-01', '2026-1-1', '2026-12-32']) {
      expect(parseLocalDate(bad)).toBeUndefined();
    }
  });

  it('accepts 24-hour HH:MM only', () => {
    expect(parseHHMM('00:00')).toBe(0);
    expect(parseHHMM('23:59')).toBe(1439);
    for (const bad of ['24:00', '25:00', '7:00', '17:60', '17.00', '']) {
      expect(parseHHMM(bad)).toBeUndefined();
    }
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday({ year: 2027, month: 1, day: 4 })).toBe(1);
    expect(isoWeekday({ year: 2027, month: 3, day: 28 })).toBe(7);
  });
});
