import type {
  SloEvaluationRecord,
  SloEvaluationsResponse,
  StoredSloIndicator,
} from '@releases-for-backstage/plugin-releases-common';
import { entityRef } from '../../../__fixtures__/releases';

export const LATENCY_QUERY =
  'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{service="cart"}[30m])) by (le)) * 1000';

function latency(
  value: number | null,
  status: StoredSloIndicator['status'],
  over: Partial<StoredSloIndicator> = {},
): StoredSloIndicator {
  return {
    metric: 'latency_p95',
    displayName: 'Latency p95',
    value,
    comparedValue: 240,
    status,
    score: { pass: 2, warning: 1, fail: 0, info: 0 }[status],
    keySli: true,
    weight: 2,
    passTargets: [
      { criteria: '<=300', targetValue: 300, violated: status !== 'pass' },
      {
        criteria: '<=+10%',
        targetValue: 264,
        violated: value !== null && value > 264,
      },
    ],
    warningTargets: [
      { criteria: '<=500', targetValue: 500, violated: status === 'fail' },
    ],
    outcome: 'value',
    query: LATENCY_QUERY,
    raw: value === null ? undefined : `${value}`,
    ...over,
  };
}

function errorRate(
  value: number | null,
  over: Partial<StoredSloIndicator> = {},
): StoredSloIndicator {
  return {
    metric: 'error_rate',
    value,
    comparedValue: null,
    status: 'pass',
    score: 1,
    keySli: false,
    weight: 1,
    passTargets: [{ criteria: '<=0.01', targetValue: 0.01, violated: false }],
    warningTargets: [],
    outcome: 'value',
    query: 'sum(rate(http_requests_total{code=~"5.."}[30m]))',
    ...over,
  };
}

function evaluation(
  n: number,
  over: Partial<SloEvaluationRecord>,
): SloEvaluationRecord {
  return {
    id: `e${n}`,
    entityRef,
    environment: 'staging',
    version: 'v1.4.0-rc.2',
    windowStart: `2026-11-20T0${n}:00:00.000Z`,
    windowEnd: `2026-11-20T0${n}:30:00.000Z`,
    evaluatedAt: `2026-11-20T0${n}:30:00.000Z`,
    source: 'prometheus',
    result: 'pass',
    score: 100,
    keySliFailed: false,
    indicators: [],
    ...over,
  };
}

/**
 * cart in staging: pass, warning, fail, then an evaluation where nothing
 * had a value (latency had no data, the error-rate source was down).
 * Newest first, as the API sends them.
 */
export const sloResponse: SloEvaluationsResponse = {
  entityRef,
  environment: 'staging',
  definition: {
    file: 'slo.yaml',
    format: 'releases',
    objectives: [
      {
        metric: 'latency_p95',
        displayName: 'Latency p95',
        threshold: 300,
        keySli: true,
        weight: 2,
      },
      { metric: 'error_rate', target: 0.999, keySli: false, weight: 1 },
    ],
    totalScore: { pass: 90, warning: 75 },
  },
  evaluations: [
    evaluation(4, {
      result: 'no-data',
      score: null,
      indicators: [
        latency(null, 'fail', { outcome: 'no-data', score: 0 }),
        errorRate(null, {
          outcome: 'source-down',
          status: 'fail',
          score: 0,
          message: 'connect ECONNREFUSED',
        }),
      ],
    }),
    evaluation(3, {
      result: 'fail',
      score: 33.3,
      keySliFailed: true,
      indicators: [latency(620, 'fail'), errorRate(0.002)],
    }),
    evaluation(2, {
      result: 'warning',
      score: 66.7,
      indicators: [latency(410, 'warning'), errorRate(0.004)],
    }),
    evaluation(1, {
      result: 'pass',
      score: 100,
      indicators: [latency(250, 'pass'), errorRate(0.001)],
    }),
  ],
  budgets: [
    { metric: 'latency_p95', target: 0.99, remaining: 0.425, state: 'ok' },
    { metric: 'error_rate', target: 0.999, remaining: -0.1, state: 'page' },
    { metric: 'availability', target: 0.995, remaining: 0.8, state: 'ticket' },
    { metric: 'saturation', target: 0.9, remaining: null, state: 'no-data' },
    { metric: 'queue_lag', target: 0.9, remaining: 0.5, state: 'source-down' },
  ],
  links: {
    grafana: 'https://grafana.example.com/d/cart',
    traces: 'https://tempo.example.com/search?service=cart',
  },
};

/** The same, with the newest evaluation measured and passing. */
export const measuredSloResponse: SloEvaluationsResponse = {
  ...sloResponse,
  evaluations: [
    evaluation(5, {
      result: 'pass',
      score: 95.5,
      indicators: [latency(230, 'pass'), errorRate(0.001)],
    }),
    ...sloResponse.evaluations,
  ],
};
