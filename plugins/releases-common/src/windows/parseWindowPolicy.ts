/*
 * Reads a window policy from app-config (`releases.windows.<system>`) or
 * JSON. Strict: an unknown key is refused, because a misspelt `holiday:`
 * silently ignored would open production on Christmas Day. Every error
 * names the field, e.g. `windows[1].start: "25:00" is not HH:MM`.
 */
import { InvalidWindowPolicyError } from './errors';
import { isKnownTimeZone, parseHHMM, parseLocalDate } from './localTime';
import {
  Holiday,
  ReleaseWindow,
  WEEKDAYS,
  Weekday,
  WindowPolicy,
} from './types';

/** 7 days: the longest window and the longest vote lead. */
const MAX_MINUTES = 7 * 24 * 60;

const DAY_GROUPS: Record<string, Weekday[]> = {
  weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  weekends: ['sat', 'sun'],
  daily: [...WEEKDAYS],
};

const FULL_NAMES: Record<string, Weekday> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

const POLICY_KEYS = ['timeZone', 'windows', 'holidays'];
const WINDOW_KEYS = [
  'name',
  'kind',
  'timeZone',
  'days',
  'start',
  'duration',
  'durationMinutes',
  'votesOpenBefore',
  'votesOpenBeforeMinutes',
  'environments',
];
const HOLIDAY_KEYS = ['date', 'name'];

export type ParseWindowPolicyOptions = {
  /** Prefix of field names in errors, e.g. `releases.windows.shop`. */
  path?: string;
};

export function parseWindowPolicy(
  input: unknown,
  options: ParseWindowPolicyOptions = {},
): WindowPolicy {
  const at = (field: string) =>
    options.path ? `${options.path}.${field}` : field;
  const root = options.path ?? '(policy)';
  const record = object(input, root);
  checkKeys(record, POLICY_KEYS, key => at(key));

  let timeZone: string | undefined;
  if (record.timeZone !== undefined) {
    timeZone = zoneName(record.timeZone, at('timeZone'));
  }
  const windows = list(record.windows, at('windows')).map((w, i) =>
    parseWindow(w, at(`windows[${i}]`), timeZone),
  );
  const seen = new Map<string, number>();
  windows.forEach((w, i) => {
    const first = seen.get(w.name);
    if (first !== undefined) {
      fail(
        at(`windows[${i}].name`),
        `"${w.name}" is already the name of windows[${first}]`,
        w.name,
      );
    }
    seen.set(w.name, i);
  });
  const holidays = list(record.holidays, at('holidays')).map((h, i) =>
    parseHoliday(h, at(`holidays[${i}]`)),
  );
  return { ...(timeZone ? { timeZone } : {}), windows, holidays };
}

function parseWindow(
  input: unknown,
  path: string,
  defaultZone: string | undefined,
): ReleaseWindow {
  const record = object(input, path);
  checkKeys(record, WINDOW_KEYS, key => `${path}.${key}`);

  const name = text(record.name, `${path}.name`);
  if (record.kind !== 'allow' && record.kind !== 'deny') {
    fail(
      `${path}.kind`,
      `${show(record.kind)} is not "allow" or "deny"`,
      record.kind,
    );
  }
  let timeZone: string;
  if (record.timeZone !== undefined) {
    timeZone = zoneName(record.timeZone, `${path}.timeZone`);
  } else if (defaultZone) {
    timeZone = defaultZone;
  } else {
    fail(`${path}.timeZone`, 'is required when the policy has no timeZone');
  }

  if (record.start === undefined) {
    fail(`${path}.start`, 'is required (HH:MM, e.g. "17:00")');
  }
  if (typeof record.start !== 'string') {
    fail(
      `${path}.start`,
      `${show(record.start)} is not HH:MM (quote it in YAML: start: "17:00")`,
      record.start,
    );
  }
  if (parseHHMM(record.start) === undefined) {
    fail(`${path}.start`, `${show(record.start)} is not HH:MM`, record.start);
  }

  const durationMinutes = minutes(
    record,
    'duration',
    'durationMinutes',
    path,
    true,
  )!;
  if (durationMinutes <= 0 || durationMinutes > MAX_MINUTES) {
    fail(
      `${path}.${
        record.duration !== undefined ? 'duration' : 'durationMinutes'
      }`,
      `${durationMinutes} minutes is not between 1 minute and 7 days`,
      durationMinutes,
    );
  }
  const votesOpenBeforeMinutes = minutes(
    record,
    'votesOpenBefore',
    'votesOpenBeforeMinutes',
    path,
    false,
  );
  if (
    votesOpenBeforeMinutes !== undefined &&
    (votesOpenBeforeMinutes < 0 || votesOpenBeforeMinutes > MAX_MINUTES)
  ) {
    fail(
      `${path}.votesOpenBefore${
        record.votesOpenBefore !== undefined ? '' : 'Minutes'
      }`,
      `${votesOpenBeforeMinutes} minutes is not between 0 and 7 days`,
      votesOpenBeforeMinutes,
    );
  }

  const window: ReleaseWindow = {
    name,
    kind: record.kind,
    timeZone,
    days: days(record.days, `${path}.days`),
    start: record.start,
    durationMinutes,
  };
  if (votesOpenBeforeMinutes !== undefined) {
    window.votesOpenBeforeMinutes = votesOpenBeforeMinutes;
  }
  if (record.environments !== undefined) {
    const environments = list(record.environments, `${path}.environments`).map(
      (e, i) => text(e, `${path}.environments[${i}]`),
    );
    if (environments.length === 0) {
      fail(
        `${path}.environments`,
        'is empty; leave it out to apply the window to every environment',
      );
    }
    window.environments = environments;
  }
  return window;
}

function parseHoliday(input: unknown, path: string): Holiday {
  const record = object(input, path);
  checkKeys(record, HOLIDAY_KEYS, key => `${path}.${key}`);
  const name = text(record.name, `${path}.name`);
  // YAML reads an unquoted 2026-12-25 as a timestamp; take its date back.
  const value =
    record.date instanceof Date && !Number.isNaN(record.date.getTime())
      ? record.date.toISOString().slice(0, 10)
      : record.date;
  if (typeof value !== 'string' || !parseLocalDate(value)) {
    fail(`${path}.date`, `${show(value)} is not a date YYYY-MM-DD`, value);
  }
  return { date: value, name };
}

function days(input: unknown, path: string): Weekday[] {
  if (typeof input === 'string' && DAY_GROUPS[input.toLowerCase()]) {
    return [...DAY_GROUPS[input.toLowerCase()]];
  }
  const items = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(items) || items.length === 0) {
    fail(
      path,
      `${show(
        input,
      )} is not a list of weekdays (mon..sun) or one of "weekdays", "weekends", "daily"`,
      input,
    );
  }
  const set = new Set<Weekday>();
  items.forEach((item, i) => {
    const key = typeof item === 'string' ? item.toLowerCase() : '';
    const day = (WEEKDAYS as string[]).includes(key)
      ? (key as Weekday)
      : FULL_NAMES[key];
    if (!day) {
      fail(`${path}[${i}]`, `${show(item)} is not a weekday (mon..sun)`, item);
    }
    set.add(day);
  });
  return WEEKDAYS.filter(d => set.has(d));
}

/** `1h`, `90m`, `1h30m`, `2d` or a number under the `…Minutes` key. */
function minutes(
  record: Record<string, unknown>,
  textKey: string,
  numberKey: string,
  path: string,
  required: boolean,
): number | undefined {
  const asText = record[textKey];
  const asNumber = record[numberKey];
  if (asText !== undefined && asNumber !== undefined) {
    fail(`${path}.${textKey}`, `give ${textKey} or ${numberKey}, not both`);
  }
  if (asNumber !== undefined) {
    if (typeof asNumber !== 'number' || !Number.isInteger(asNumber)) {
      fail(
        `${path}.${numberKey}`,
        `${show(asNumber)} is not a whole number of minutes`,
        asNumber,
      );
    }
    return asNumber;
  }
  if (asText !== undefined) {
    const match =
      typeof asText === 'string'
        ? /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(asText.replace(/\s+/g, ''))
        : null;
    if (!match || asText === '' || !match.slice(1).some(Boolean)) {
      fail(
        `${path}.${textKey}`,
        `${show(asText)} is not a duration like "1h", "90m" or "1h30m"`,
        asText,
      );
    }
    const [d, h, m] = match.slice(1).map(v => Number(v ?? 0));
    return (d * 24 + h) * 60 + m;
  }
  if (required) fail(`${path}.${textKey}`, 'is required (e.g. "1h" or "90m")');
  return undefined;
}

function zoneName(input: unknown, path: string): string {
  if (typeof input !== 'string' || !isKnownTimeZone(input)) {
    fail(
      path,
      `${show(input)} is not a known IANA time zone (e.g. "Europe/Berlin")`,
      input,
    );
  }
  return input;
}

function object(input: unknown, path: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail(path, `${show(input)} is not an object`, input);
  }
  return input as Record<string, unknown>;
}

function list(input: unknown, path: string): unknown[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) fail(path, `${show(input)} is not a list`, input);
  return input;
}

function text(input: unknown, path: string): string {
  if (typeof input !== 'string' || input.trim() === '') {
    fail(path, `${show(input)} is not a non-empty string`, input);
  }
  return input;
}

function checkKeys(
  record: Record<string, unknown>,
  known: string[],
  at: (key: string) => string,
) {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      fail(at(key), `unknown key; known keys: ${known.join(', ')}`);
    }
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(field: string, reason: string, value?: unknown): never {
  throw new InvalidWindowPolicyError(field, reason, value);
}
