import { computeDoraMetrics, median, percentile } from './computeDoraMetrics';
import type { DoraDeploymentRecord, DoraHistory } from './doraApi';

const A = 'component:default/cart';
const B = 'component:default/checkout';

let ids = 0;
function dep(
  at: string,
  version: string,
  extra: Partial<DoraDeploymentRecord> = {},
): DoraDeploymentRecord {
  ids += 1;
  return {
    id: `d${String(ids).padStart(3, '0')}`,
    entityRef: A,
    source: 'promotion',
    at,
    version,
    previousVersion: null,
    status: 'succeeded',
    rollback: false,
    hotfixOf: null,
    commits: [],
    ...extra,
  };
}
const commit = (sha: string, at: string) => ({ sha, at });

const RANGE = {
  from: '2026-01-05T00:00:00Z',
  to: '2026-01-26T00:00:00Z',
  bucket: 'week' as const,
};
const H = 3600;

/*
 * Three weeks of cart in prod (range 2026-01-05 to 2026-01-26, 21 days):
 *
 * d0 01-02 12:00 v1.0.0                         before the range: not counted
 * d1 01-05 12:00 v1.1.0  c1 (08:00, 4 h) c2 (01-04 12:00, 24 h)
 * d2 01-07 12:00 v1.2.0  rolled back, v1.1.0 back at 12:30 -> failed, TTR 30 min
 *                        c3 not delivered (it did not stay)
 * d3 01-09 12:00 v1.2.0  again: c3 (01-07 10:00) delivered now, 50 h
 *    01-09 12:05         pipeline reports v1.2.0 succeeded: the same deployment
 * d4 01-12 12:00 v1.3.0  c4 (06:00, 6 h); hotfix of v1.3.0 cut 01-13 09:00 -> failed
 * d5 01-13 12:00 v1.3.1  hotfix of v1.3.0: c5 (09:00, 3 h); restores d4 after 24 h
 * d6 01-20 12:00 v1.4.0  c6 (01-19 12:00, 24 h), c4 again (not measured twice)
 * d7 01-21 12:00 v1.3.1  rollback promotion -> d6 failed, restored after 24 h
 * d8 01-23 12:00 v1.5.0  pipeline reports failed; never restored in the range
 * d9 01-26 00:00 v1.5.1  at the range's end: ignored, so d8 stays unrestored
 *
 * Deployments d1..d8 = 8; per day 8/21, per week 8/3 (high: at least weekly).
 * Failed d2, d4, d6, d8 = 4 of 8 = 50 % (low: 40 % or more).
 * Restored: d2 1800 s, d4 86400 s, d6 86400 s; median 86400 s = 1 day
 *   (medium: not under a day); d8 unrestored.
 * Rework: d5 (hotfix), d7 (rollback) = 2 of 8 = 25 %.
 * Lead times: 14400, 86400, 180000, 21600, 10800, 86400 s; sorted
 *   10800 14400 21600 86400 86400 180000: median (21600+86400)/2 = 54000 s
 *   (elite: under a day); p90 by nearest rank: ceil(0.9*6) = 6th = 180000 s.
 */
function history(): DoraHistory {
  return {
    deployments: [
      dep('2026-01-02T12:00:00Z', 'v1.0.0', {
        commits: [commit('c0', '2026-01-01T10:00:00Z')],
      }),
      dep('2026-01-05T12:00:00Z', 'v1.1.0', {
        previousVersion: 'v1.0.0',
        commits: [
          commit('c1', '2026-01-05T08:00:00Z'),
          commit('c2', '2026-01-04T12:00:00Z'),
        ],
      }),
      dep('2026-01-07T12:00:00Z', 'v1.2.0', {
        previousVersion: 'v1.1.0',
        status: 'rolled-back',
        restoredAt: '2026-01-07T12:30:00Z',
        commits: [commit('c3', '2026-01-07T10:00:00Z')],
      }),
      dep('2026-01-09T12:00:00Z', 'v1.2.0', {
        previousVersion: 'v1.1.0',
        commits: [commit('c3', '2026-01-07T10:00:00Z')],
      }),
      dep('2026-01-09T12:05:00Z', 'v1.2.0', {
        source: 'report',
        previousVersion: 'v1.2.0',
      }),
      dep('2026-01-12T12:00:00Z', 'v1.3.0', {
        previousVersion: 'v1.2.0',
        commits: [commit('c4', '2026-01-12T06:00:00Z')],
      }),
      dep('2026-01-13T12:00:00Z', 'v1.3.1', {
        previousVersion: 'v1.3.0',
        hotfixOf: 'v1.3.0',
        commits: [commit('c5', '2026-01-13T09:00:00Z')],
      }),
      dep('2026-01-20T12:00:00Z', 'v1.4.0', {
        previousVersion: 'v1.3.1',
        commits: [
          commit('c6', '2026-01-19T12:00:00Z'),
          commit('c4', '2026-01-12T06:00:00Z'),
        ],
      }),
      dep('2026-01-21T12:00:00Z', 'v1.3.1', {
        previousVersion: 'v1.4.0',
        rollback: true,
      }),
      dep('2026-01-23T12:00:00Z', 'v1.5.0', {
        source: 'report',
        status: 'failed',
        previousVersion: 'v1.3.1',
        commits: [commit('c7', '2026-01-23T00:00:00Z')],
      }),
      dep('2026-01-26T00:00:00Z', 'v1.5.1', {
        previousVersion: 'v1.5.0',
        commits: [commit('c8', '2026-01-25T00:00:00Z')],
      }),
    ],
    hotfixes: [{ entityRef: A, target: 'v1.3.0', at: '2026-01-13T09:00:00Z' }],
  };
}

describe('computeDoraMetrics', () => {
  it('computes the five figures of a hand-computed history, with their levels', () => {
    const m = computeDoraMetrics(history(), RANGE);
    expect(m.from).toBe('2026-01-05T00:00:00.000Z');
    expect(m.to).toBe('2026-01-26T00:00:00.000Z');
    expect(m.deploymentFrequency).toEqual({
      deployments: 8,
      perDay: 8 / 21,
      perWeek: 8 / 3,
      band: 'high',
      reason: null,
    });
    expect(m.leadTime).toEqual({
      commits: 6,
      medianSeconds: 54000,
      p90Seconds: 180000,
      band: 'elite',
      reason: null,
    });
    expect(m.changeFailureRate).toEqual({
      failed: 4,
      rate: 0.5,
      band: 'low',
      reason: null,
    });
    expect(m.timeToRestore).toEqual({
      restored: 3,
      unrestored: 1,
      medianSeconds: 86400,
      band: 'medium',
      reason: null,
    });
    expect(m.reworkRate).toEqual({
      rework: 2,
      rate: 0.25,
      band: null,
      reason: null,
    });
  });

  it('gives a series per week for charts', () => {
    const m = computeDoraMetrics(history(), RANGE);
    expect(m.series).toEqual([
      {
        start: '2026-01-05T00:00:00.000Z',
        end: '2026-01-12T00:00:00.000Z',
        deployments: 3,
        failed: 1,
        rework: 0,
        // 4 h, 24 h, 50 h
        leadTimeMedianSeconds: 24 * H,
        timeToRestoreMedianSeconds: 1800,
      },
      {
        start: '2026-01-12T00:00:00.000Z',
        end: '2026-01-19T00:00:00.000Z',
        deployments: 2,
        failed: 1,
        rework: 1,
        // 6 h and 3 h
        leadTimeMedianSeconds: 4.5 * H,
        timeToRestoreMedianSeconds: 24 * H,
      },
      {
        start: '2026-01-19T00:00:00.000Z',
        end: '2026-01-26T00:00:00.000Z',
        deployments: 3,
        failed: 2,
        rework: 1,
        leadTimeMedianSeconds: 24 * H,
        timeToRestoreMedianSeconds: 24 * H,
      },
    ]);
  });

  it('cuts day buckets, the last one short at the end of the range', () => {
    const m = computeDoraMetrics(history(), {
      from: '2026-01-05T00:00:00Z',
      to: '2026-01-07T18:00:00Z',
      bucket: 'day',
    });
    expect(m.series.map(p => [p.end, p.deployments, p.failed])).toEqual([
      ['2026-01-06T00:00:00.000Z', 1, 0],
      ['2026-01-07T00:00:00.000Z', 0, 0],
      // d2 was rolled back within the range
      ['2026-01-07T18:00:00.000Z', 1, 1],
    ]);
  });

  it('answers null with a reason, not 0, when the range has no deployments', () => {
    const m = computeDoraMetrics(history(), {
      from: '2026-02-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
      bucket: 'week',
    });
    const reason =
      'no deployments from 2026-02-01T00:00:00Z to 2026-03-01T00:00:00Z';
    expect(m.deploymentFrequency).toEqual({
      deployments: 0,
      perDay: null,
      perWeek: null,
      band: null,
      reason,
    });
    expect(m.leadTime.medianSeconds).toBeNull();
    expect(m.leadTime.p90Seconds).toBeNull();
    expect(m.leadTime.reason).toBe(reason);
    expect(m.changeFailureRate.rate).toBeNull();
    expect(m.changeFailureRate.reason).toBe(reason);
    expect(m.timeToRestore.medianSeconds).toBeNull();
    expect(m.timeToRestore.reason).toBe(reason);
    expect(m.reworkRate.rate).toBeNull();
    expect(m.reworkRate.reason).toBe(reason);
    expect(m.series).toHaveLength(4);
    expect(m.series.every(p => p.deployments === 0)).toBe(true);
  });

  it('reports a failure never restored within the range as unrestored, without a time', () => {
    const m = computeDoraMetrics(
      {
        deployments: [
          dep('2026-01-05T12:00:00Z', 'v2.0.0'),
          dep('2026-01-06T12:00:00Z', 'v2.1.0', { status: 'failed' }),
          // Restored, but after the range ends.
          dep('2026-01-27T12:00:00Z', 'v2.1.1'),
        ],
      },
      RANGE,
    );
    expect(m.changeFailureRate).toMatchObject({ failed: 1, rate: 0.5 });
    expect(m.timeToRestore).toEqual({
      restored: 0,
      unrestored: 1,
      medianSeconds: null,
      band: null,
      reason: '1 failed deployment was not restored by 2026-01-26T00:00:00Z',
    });
    expect(m.leadTime.reason).toBe(
      'no commits were first deployed in the range',
    );
  });

  it('measures the commits of a version deployed twice once, at its first deployment', () => {
    const m = computeDoraMetrics(
      {
        deployments: [
          dep('2026-01-05T10:00:00Z', 'v1.0.0'),
          dep('2026-01-06T10:00:00Z', 'v1.1.0', {
            previousVersion: 'v1.0.0',
            commits: [commit('x1', '2026-01-06T08:00:00Z')],
          }),
          dep('2026-01-07T10:00:00Z', 'v1.0.0', {
            previousVersion: 'v1.1.0',
            rollback: true,
          }),
          // The same version and commits again, a day later.
          dep('2026-01-08T10:00:00Z', 'v1.1.0', {
            previousVersion: 'v1.0.0',
            commits: [commit('x1', '2026-01-06T08:00:00Z')],
          }),
        ],
      },
      RANGE,
    );
    expect(m.deploymentFrequency.deployments).toBe(4);
    // x1: 2 h, measured at the first v1.1.0 only.
    expect(m.leadTime).toMatchObject({ commits: 1, medianSeconds: 2 * H });
    // The first v1.1.0 was rolled back by the next deployment, restored by it at once.
    expect(m.changeFailureRate).toMatchObject({ failed: 1, rate: 0.25 });
    expect(m.timeToRestore).toMatchObject({
      restored: 1,
      medianSeconds: 24 * H,
    });
    expect(m.reworkRate).toMatchObject({ rework: 1, rate: 0.25 });
  });

  it('merges a pipeline report of the running version: a failed one fails it, a later success restores it', () => {
    const m = computeDoraMetrics(
      {
        deployments: [
          dep('2026-01-05T10:00:00Z', 'v1.0.0'),
          dep('2026-01-05T10:10:00Z', 'v1.0.0', {
            source: 'report',
            status: 'failed',
          }),
          dep('2026-01-05T10:40:00Z', 'v1.0.0', { source: 'report' }),
        ],
      },
      RANGE,
    );
    expect(m.deploymentFrequency.deployments).toBe(1);
    expect(m.changeFailureRate).toMatchObject({ failed: 1, rate: 1 });
    expect(m.timeToRestore).toMatchObject({
      restored: 1,
      medianSeconds: 40 * 60,
      band: 'elite',
    });
  });

  it('judges each component on its own in a product, and counts the union', () => {
    const m = computeDoraMetrics(
      {
        deployments: [
          dep('2026-01-05T10:00:00Z', 'v1.0.0'),
          dep('2026-01-05T10:00:00Z', 'v1.0.0', { entityRef: B }),
          // B's rollback says nothing about A's deployment before it.
          dep('2026-01-06T10:00:00Z', 'v0.9.0', {
            entityRef: B,
            rollback: true,
          }),
        ],
        hotfixes: [
          { entityRef: B, target: 'v1.0.0', at: '2026-01-05T11:00:00Z' },
        ],
      },
      RANGE,
    );
    expect(m.deploymentFrequency.deployments).toBe(3);
    expect(m.changeFailureRate).toMatchObject({ failed: 1 });
    expect(m.reworkRate).toMatchObject({ rework: 1 });
  });

  it('refuses a range that ends before it starts, or too many buckets', () => {
    expect(() =>
      computeDoraMetrics(history(), {
        ...RANGE,
        from: RANGE.to,
        to: RANGE.from,
      }),
    ).toThrow(
      'from 2026-01-26T00:00:00Z is not before to 2026-01-05T00:00:00Z',
    );
    expect(() =>
      computeDoraMetrics(history(), {
        from: '2020-01-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
        bucket: 'day',
      }),
    ).toThrow('the range has more than 1000 days');
  });
});

describe('median and percentile', () => {
  it('takes the middle value or the mean of the two, and p90 by nearest rank', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.9)).toBe(5);
  });
});
