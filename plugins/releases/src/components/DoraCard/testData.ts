import type { DoraResponse } from '@releases-for-backstage/plugin-releases-common';

/** cart in prod over three weeks: the example of docs/dora.md. */
export const cartMetrics: DoraResponse = {
  entityRef: 'component:default/cart',
  environment: 'prod',
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-01-22T00:00:00.000Z',
  bucket: 'week',
  deploymentFrequency: {
    deployments: 9,
    perDay: 0.43,
    perWeek: 3,
    band: 'high',
    reason: null,
  },
  leadTime: {
    commits: 6,
    medianSeconds: 734_400,
    p90Seconds: 1_555_200,
    band: 'medium',
    reason: null,
  },
  changeFailureRate: { failed: 4, rate: 0.444, band: 'low', reason: null },
  timeToRestore: {
    restored: 3,
    unrestored: 1,
    medianSeconds: 1200,
    band: 'elite',
    reason: null,
  },
  reworkRate: { rework: 2, rate: 0.222, band: null, reason: null },
  series: [
    {
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-08T00:00:00.000Z',
      deployments: 4,
      failed: 1,
      rework: 0,
      leadTimeMedianSeconds: 86_400,
      timeToRestoreMedianSeconds: 1200,
    },
  ],
};

const noDeployments = 'no deployments to prod from 2026-11-02 to 2026-12-02';

/** A range without deployments: every figure null, with its reason. */
export const emptyMetrics: DoraResponse = {
  ...cartMetrics,
  deploymentFrequency: {
    deployments: 0,
    perDay: null,
    perWeek: null,
    band: null,
    reason: noDeployments,
  },
  leadTime: {
    commits: 0,
    medianSeconds: null,
    p90Seconds: null,
    band: null,
    reason: noDeployments,
  },
  changeFailureRate: {
    failed: 0,
    rate: null,
    band: null,
    reason: noDeployments,
  },
  timeToRestore: {
    restored: 0,
    unrestored: 0,
    medianSeconds: null,
    band: null,
    reason: noDeployments,
  },
  reworkRate: { rework: 0, rate: null, band: null, reason: noDeployments },
  series: [],
};
