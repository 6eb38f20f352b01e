/*
 * The DORA metrics of a recorded deployment history, as docs/dora.md
 * defines them. Pure: the backend gathers the records, this counts.
 */
import type {
  DoraBand,
  DoraDeploymentRecord,
  DoraHistory,
  DoraMetrics,
  DoraOptions,
  DoraSeriesPoint,
} from './doraApi';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_BUCKETS = 1000;

/** A deployment after merging the reports of the version already running. */
interface Deployment {
  record: DoraDeploymentRecord;
  at: number;
  /** A later report of the same version said it failed. */
  reportedFailed: boolean;
  /** A later report of the same version said it succeeded again, after a failed one. */
  reportedRestoredAt: number | null;
  failed: boolean;
  restoredAt: number | null;
}

function time(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`${what} '${iso}' is not a date`);
  return t;
}

/** The median: the middle value, or the mean of the two middle ones. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A percentile by nearest rank: the smallest value with p of them at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

/** Deployment frequency level from deployments per day. */
export function deploymentFrequencyBand(perDay: number): DoraBand {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

/** Lead time level from the median lead time. */
export function leadTimeBand(seconds: number): DoraBand {
  if (seconds < DAY / 1000) return 'elite';
  if (seconds < (7 * DAY) / 1000) return 'high';
  if (seconds < (30 * DAY) / 1000) return 'medium';
  return 'low';
}

/** Change failure rate level from the rate (0 to 1). */
export function changeFailureRateBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.2) return 'high';
  if (rate < 0.4) return 'medium';
  return 'low';
}

/** Time to restore level from the median time to restore. */
export function timeToRestoreBand(seconds: number): DoraBand {
  if (seconds < HOUR / 1000) return 'elite';
  if (seconds < DAY / 1000) return 'high';
  if (seconds < (7 * DAY) / 1000) return 'medium';
  return 'low';
}

/** Why there is no time to restore, when there is none. */
function restoreReason(
  failed: number,
  unrestored: number,
  to: string,
): string | null {
  if (failed === 0) return 'no failed deployments in the range';
  if (unrestored < failed) return null;
  return `${unrestored} failed deployment${
    unrestored === 1 ? ' was' : 's were'
  } not restored by ${to}`;
}

/** One component's deployments in order, the reports of a running version merged in. */
function deploymentsOf(records: DoraDeploymentRecord[]): Deployment[] {
  const sorted = records
    .map(record => ({ record, at: time(record.at, 'deployment time') }))
    .sort(
      (a, b) => a.at - b.at || a.record.id.localeCompare(b.record.id, 'en-US'),
    );
  const out: Deployment[] = [];
  for (const { record, at } of sorted) {
    const last = out[out.length - 1];
    // A pipeline reporting the version that already runs reports that
    // deployment (a promotion's rollout, a retry), not a new one.
    if (
      record.source === 'report' &&
      last &&
      last.record.status !== 'rolled-back' &&
      last.record.version === record.version
    ) {
      if (record.status !== 'succeeded') last.reportedFailed = true;
      else if (last.reportedFailed && last.reportedRestoredAt === null)
        last.reportedRestoredAt = at;
      continue;
    }
    out.push({
      record,
      at,
      reportedFailed: false,
      reportedRestoredAt: null,
      failed: false,
      restoredAt: null,
    });
  }
  return out;
}

/** Marks failed deployments and when the environment was good again. */
function judge(
  list: Deployment[],
  hotfixes: Array<{ target: string; at: number }>,
): void {
  list.forEach((d, i) => {
    const next = list[i + 1];
    const end = next ? next.at : Infinity;
    d.failed =
      d.record.status !== 'succeeded' ||
      d.reportedFailed ||
      Boolean(next?.record.rollback) ||
      next?.record.hotfixOf === d.record.version ||
      hotfixes.some(
        h => h.target === d.record.version && h.at >= d.at && h.at < end,
      );
  });
  list.forEach((d, i) => {
    if (!d.failed) return;
    if (d.record.status === 'rolled-back' && d.record.restoredAt) {
      d.restoredAt = time(d.record.restoredAt, 'restore time');
      return;
    }
    if (d.reportedRestoredAt !== null && d.record.status === 'succeeded') {
      d.restoredAt = d.reportedRestoredAt;
      return;
    }
    const good = list
      .slice(i + 1)
      .find(n => !n.failed && n.record.status === 'succeeded');
    d.restoredAt = good ? good.at : null;
  });
}

/**
 * Computes the five DORA figures of the deployments within `[from, to)`,
 * and a series per bucket. Records at or after `to` are ignored, so the
 * figures of a past range do not change. Each component's records are
 * judged on their own; a product passes the union of its components'.
 */
export function computeDoraMetrics(
  history: DoraHistory,
  options: DoraOptions,
): DoraMetrics {
  const from = time(options.from, 'from');
  const to = time(options.to, 'to');
  if (from >= to)
    throw new Error(`from ${options.from} is not before to ${options.to}`);
  const size = options.bucket === 'day' ? DAY : 7 * DAY;
  const bucketCount = Math.ceil((to - from) / size);
  if (bucketCount > MAX_BUCKETS) {
    throw new Error(
      `the range has more than ${MAX_BUCKETS} ${options.bucket}s`,
    );
  }

  const byEntity = new Map<string, DoraDeploymentRecord[]>();
  for (const r of history.deployments) {
    if (time(r.at, 'deployment time') >= to) continue;
    const list = byEntity.get(r.entityRef) ?? [];
    list.push(r);
    byEntity.set(r.entityRef, list);
  }

  const inRange = (t: number) => t >= from && t < to;
  const counted: Deployment[] = [];
  /** Lead time of each commit first deployed in the range, with its deployment time. */
  const leadTimes: Array<{ at: number; seconds: number }> = [];
  for (const [entityRef, records] of byEntity) {
    const list = deploymentsOf(records);
    judge(
      list,
      (history.hotfixes ?? [])
        .filter(h => h.entityRef === entityRef)
        .map(h => ({ target: h.target, at: time(h.at, 'hotfix time') }))
        .filter(h => h.at < to),
    );
    const deployed = new Set<string>();
    for (const d of list) {
      if (inRange(d.at)) counted.push(d);
      // A commit is delivered by the first deployment that ran with it;
      // deploying it again (after a rollback, say) does not measure it twice.
      if (d.record.status !== 'succeeded') continue;
      for (const c of d.record.commits) {
        if (deployed.has(c.sha)) continue;
        deployed.add(c.sha);
        if (inRange(d.at)) {
          leadTimes.push({
            at: d.at,
            seconds: Math.max(0, (d.at - time(c.at, 'commit time')) / 1000),
          });
        }
      }
    }
  }

  const restoreTimes = (failures: Deployment[]) =>
    failures
      .filter(d => d.restoredAt !== null && d.restoredAt < to)
      .map(d => (d.restoredAt! - d.at) / 1000);

  const n = counted.length;
  const failures = counted.filter(d => d.failed);
  const restored = restoreTimes(failures);
  const rework = counted.filter(
    d => d.record.rollback || d.record.hotfixOf !== null,
  ).length;
  const none =
    n === 0 ? `no deployments from ${options.from} to ${options.to}` : null;
  const days = (to - from) / DAY;
  const perDay = n === 0 ? null : n / days;
  const lead = leadTimes.map(l => l.seconds);
  const leadMedian = median(lead);
  const cfr = n === 0 ? null : failures.length / n;
  const ttr = median(restored);
  const unrestored = failures.length - restored.length;

  const series: DoraSeriesPoint[] = [];
  for (let i = 0; i < bucketCount; i++) {
    const start = from + i * size;
    const end = Math.min(to, start + size);
    const within = (t: number) => t >= start && t < end;
    const ds = counted.filter(d => within(d.at));
    series.push({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      deployments: ds.length,
      failed: ds.filter(d => d.failed).length,
      rework: ds.filter(d => d.record.rollback || d.record.hotfixOf !== null)
        .length,
      leadTimeMedianSeconds: median(
        leadTimes.filter(l => within(l.at)).map(l => l.seconds),
      ),
      timeToRestoreMedianSeconds: median(
        restoreTimes(ds.filter(d => d.failed)),
      ),
    });
  }

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucket: options.bucket,
    deploymentFrequency: {
      deployments: n,
      perDay,
      perWeek: perDay === null ? null : perDay * 7,
      band: perDay === null ? null : deploymentFrequencyBand(perDay),
      reason: none,
    },
    leadTime: {
      commits: lead.length,
      medianSeconds: leadMedian,
      p90Seconds: percentile(lead, 0.9),
      band: leadMedian === null ? null : leadTimeBand(leadMedian),
      reason:
        none ??
        (lead.length === 0
          ? 'no commits were first deployed in the range'
          : null),
    },
    changeFailureRate: {
      failed: failures.length,
      rate: cfr,
      band: cfr === null ? null : changeFailureRateBand(cfr),
      reason: none,
    },
    timeToRestore: {
      restored: restored.length,
      unrestored,
      medianSeconds: ttr,
      band: ttr === null ? null : timeToRestoreBand(ttr),
      reason: none ?? restoreReason(failures.length, unrestored, options.to),
    },
    reworkRate: {
      rework,
      rate: n === 0 ? null : rework / n,
      band: null,
      reason: none,
    },
    series,
  };
}
