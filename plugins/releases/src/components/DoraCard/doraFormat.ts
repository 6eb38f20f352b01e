/*
 * The pure parts of the DORA card: the ranges offered, how figures are
 * written, and the data handed to the charts.
 */
import type {
  DoraBucketSize,
  DoraSeriesPoint,
} from '@releases-for-backstage/plugin-releases-common';

const DAY_MS = 86_400_000;

/** The ranges offered, in days back from now. */
export const DORA_RANGES = [30, 90, 180] as const;
export type DoraRangeDays = (typeof DORA_RANGES)[number];

/** The query of a range ending now: days for a month, else weeks. */
export function rangeQuery(
  days: DoraRangeDays,
  now: Date,
): { from: string; to: string; bucket: DoraBucketSize } {
  return {
    from: new Date(now.getTime() - days * DAY_MS).toISOString(),
    to: now.toISOString(),
    bucket: days <= 30 ? 'day' : 'week',
  };
}

/** A duration for people: minutes under an hour, hours under a day, else days. */
export function formatDuration(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 86_400) return `${round1(seconds / 3600)} h`;
  const days = round1(seconds / 86_400);
  return `${days} ${days === '1' ? 'day' : 'days'}`;
}

/** A rate of 0 to 1 as a percent, a rate of 0 included: it means no failure. */
export function formatPercent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** Deployments per day from one a day up, else per week. */
export function formatFrequency(perDay: number, perWeek: number): string {
  return perDay >= 1 ? `${round1(perDay)} / day` : `${round1(perWeek)} / week`;
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** The backend's reason as a sentence. */
export function sentence(reason: string): string {
  return reason.charAt(0).toLocaleUpperCase('en-US') + reason.slice(1);
}

/** One bucket as the charts draw it. */
export interface DoraChartPoint {
  /** The bucket's start, as the axis shows it (`Nov 3`, UTC). */
  label: string;
  /** Deployments that did not fail: the bar under the failed ones. */
  succeeded: number;
  failed: number;
  /** Median lead time in days; null when nothing was measured. */
  leadTimeDays: number | null;
  /** Change failure rate in percent; null without deployments, not 0. */
  failureRatePercent: number | null;
}

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export function chartData(series: DoraSeriesPoint[]): DoraChartPoint[] {
  return series.map(point => {
    const start = new Date(point.start);
    return {
      label: `${MONTHS[start.getUTCMonth()]} ${start.getUTCDate()}`,
      succeeded: point.deployments - point.failed,
      failed: point.failed,
      leadTimeDays:
        point.leadTimeMedianSeconds === null
          ? null
          : Math.round((point.leadTimeMedianSeconds / 86_400) * 100) / 100,
      failureRatePercent:
        point.deployments === 0
          ? null
          : Math.round((point.failed / point.deployments) * 1000) / 10,
    };
  });
}
