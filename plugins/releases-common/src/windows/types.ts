/** A day of the week, as release windows name them. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The days in week order; index + 1 is the ISO weekday (Monday = 1). */
export const WEEKDAYS: readonly Weekday[] = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
];

/**
 * A recurring window: on each of `days`, from `start` (wall-clock time in
 * `timeZone`) for `durationMinutes` real elapsed minutes.
 */
export type ReleaseWindow = {
  /** Unique within the policy; reported as `window` in the status. */
  name: string;
  /** `allow`: promotions run only inside; `deny`: never inside. */
  kind: 'allow' | 'deny';
  /** IANA time zone the days and start are read in, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** The days an occurrence starts on (a window crossing midnight belongs to its start day). */
  days: Weekday[];
  /** Local start, `HH:MM` (24 h). */
  start: string;
  /** Real elapsed minutes, 1..10080 (7 days). */
  durationMinutes: number;
  /** Voting opens this many minutes before each occurrence (allow windows). */
  votesOpenBeforeMinutes?: number;
  /** Environment names the window applies to; absent: every environment. */
  environments?: string[];
};

/** A day on which allow windows do not open. */
export type Holiday = {
  /** `YYYY-MM-DD`, in the policy's time zone, or else the window's. */
  date: string;
  /** Shown in the reason, e.g. `Christmas Day`. */
  name: string;
};

/** The release windows of one system (`releases.windows.<system>`). */
export type WindowPolicy = {
  /** Default zone of the windows, and the zone holidays are read in. */
  timeZone?: string;
  windows: ReleaseWindow[];
  holidays: Holiday[];
};

/** One occurrence of a window, `[start, end)`. */
export type WindowOccurrence = { start: Date; end: Date };
