/*
 * Against a real Prometheus: run with `npm run test:prometheus` (not part of
 * `npm test`). Needs the `prometheus` and `promtool` binaries.
 */
import {
  parseKeptnSli,
  type MetricsQueryContext,
} from '@releases-for-backstage/plugin-releases-node';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import { startPrometheus, type RealPrometheus } from './realPrometheus/server';
import { openMetrics, STEP_SECONDS } from './realPrometheus/samples';

jest.setTimeout(60_000);

// The last sample, on the 15 s grid, a little in the past.
const END =
  Math.floor(Date.now() / 1000 / STEP_SECONDS) * STEP_SECONDS - STEP_SECONDS;
const at = new Date(END * 1000);

let server: RealPrometheus | undefined;
let source: PrometheusMetricsSource;

beforeAll(async () => {
  server = await startPrometheus(openMetrics(END));
  source = new PrometheusMetricsSource({
    baseUrl: server.baseUrl,
    timeoutMs: 5000,
  });
});

afterAll(async () => {
  await server?.stop();
  await server?.cleanup();
});

const cartProd: MetricsQueryContext = {
  entityRef: 'component:default/cart',
  entityName: 'cart',
  environment: 'prod',
  system: 'shop',
  at,
};

const throughput = {
  metric: 'throughput',
  query:
    'sum(rate(http_requests_total{service="${entity}",env="${environment}"}[${window}]))',
};
const availability = {
  metric: 'availability',
  good: 'sum(rate(http_requests_total{service="${entity}",env="${environment}",code!~"5.."}[${window}]))',
  total:
    'sum(rate(http_requests_total{service="${entity}",env="${environment}"}[${window}]))',
};

describe('PrometheusMetricsSource against a real Prometheus', () => {
  it('an instant query with placeholders gives the rate the samples imply', async () => {
    const [cart, checkout] = await Promise.all([
      source.query({ ...cartProd, window: '5m' }, [throughput]),
      source.query({ ...cartProd, entityName: 'checkout', window: '5m' }, [
        throughput,
      ]),
    ]);
    // 100 requests per 15 s step; checkout 50.
    expect(cart[0]).toMatchObject({
      status: 'value',
      value: expect.closeTo(100 / 15, 9),
      query: 'sum(rate(http_requests_total{service="cart",env="prod"}[5m]))',
      at,
    });
    expect(cart[0].status === 'value' && Number(cart[0].raw)).toBeCloseTo(
      100 / 15,
      9,
    );
    expect(checkout[0]).toMatchObject({
      status: 'value',
      value: expect.closeTo(50 / 15, 9),
    });
  });

  it('a range query gives one point per step', async () => {
    const outcome = await source.queryRange(
      { ...cartProd, window: '5m' },
      {
        metric: 'errors',
        query:
          'sum(rate(http_requests_total{service="${entity}",env="${environment}",code="500"}[${window}]))',
      },
      { start: new Date((END - 3600) * 1000), end: at, step: 900 },
    );
    if (outcome.status !== 'points')
      throw new Error(`expected points, got ${JSON.stringify(outcome)}`);
    // 1 error per step until 30 min before the end, then 20.
    expect(outcome.points.map(p => p.at.getTime() / 1000)).toEqual([
      END - 3600,
      END - 2700,
      END - 1800,
      END - 900,
      END,
    ]);
    const perStep = outcome.points.map(
      p => Math.round(p.value * 15 * 1e6) / 1e6,
    );
    expect(perStep).toEqual([1, 1, 1, 20, 20]);
  });

  it('a ratio indicator divides good by total', async () => {
    const [last30m, last1h] = await Promise.all([
      source.query({ ...cartProd, window: '30m' }, [availability]),
      source.query({ ...cartProd, window: '1h' }, [availability]),
    ]);
    // 80 of 100 good in the last 30 min; over 1 h (99 + 80) / 200.
    expect(last30m[0]).toMatchObject({
      status: 'value',
      value: expect.closeTo(0.8, 9),
    });
    expect(last1h[0]).toMatchObject({
      status: 'value',
      value: expect.closeTo(0.895, 9),
    });
    expect(last30m[0].status === 'value' && last30m[0].raw).toMatch(
      /^5\.33+\d*\/6\.66+\d*$/,
    );
  });

  it('a Keptn sli.yaml works unchanged: p95 latency from the histogram', async () => {
    const indicators = parseKeptnSli(
      [
        "spec_version: '1.0'",
        'indicators:',
        '  response_time_p95: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="$SERVICE",env="$STAGE"}[$DURATION_SECONDS])))',
        '  fast_ratio: sum(rate(http_request_duration_seconds_bucket{service="$SERVICE",env="$STAGE",le="0.5"}[$DURATION_SECONDS])) / sum(rate(http_request_duration_seconds_count{service="$SERVICE",env="$STAGE"}[$DURATION_SECONDS]))',
      ].join('\n'),
    );
    const [p95, fast] = await source.query(
      { ...cartProd, window: '10m' },
      indicators,
    );
    // Rank 95 of 100 falls in (0.1, 0.5] holding ranks 90..98: 0.1 + 0.4 × 5/8.
    expect(p95).toMatchObject({
      status: 'value',
      value: expect.closeTo(0.35, 9),
    });
    expect(p95.query).toContain('{service="cart",env="prod"}[600s]');
    expect(fast).toMatchObject({
      status: 'value',
      value: expect.closeTo(0.98, 9),
    });
  });

  it('another service is no-data, and several series are no-data naming the count', async () => {
    const [ghost] = await source.query(
      { ...cartProd, entityName: 'ghost', window: '5m' },
      [throughput],
    );
    expect(ghost).toMatchObject({
      status: 'no-data',
      reason: 'empty',
      query: 'sum(rate(http_requests_total{service="ghost",env="prod"}[5m]))',
    });
    const [several] = await source.query({ ...cartProd, window: '5m' }, [
      {
        metric: 'by_code',
        query:
          'rate(http_requests_total{service="${entity}",env="${environment}"}[${window}])',
      },
    ]);
    expect(several).toMatchObject({
      status: 'no-data',
      reason: 'several-series',
      message: expect.stringContaining('returned 2 series'),
    });
  });

  it('a bad query is source-down with Prometheus’ error', async () => {
    const [bad] = await source.query(cartProd, [
      { metric: 'm', query: 'sum(' },
    ]);
    expect(bad).toMatchObject({
      status: 'source-down',
      message: expect.stringMatching(/^HTTP 400 Bad Request: bad_data: /),
    });
  });

  it('measures the burn-rate windows, the alert state and the budget', async () => {
    const result = await source.burnRates(cartProd, availability, {
      target: 0.99,
      windowDays: 30,
    });
    // Errors per step: 1 of 100 for steps 1..600, 20 of 100 for 601..720.
    // 5m, 30m: 20 %. 1h: (120×20 + 120×1) / 24000 = 0.105.
    // 2h: (120×20 + 360×1) / 48000 = 0.0575. 6h and longer see all 3 h:
    // (120×20 + 600×1) / 72000 = 0.041666…
    const expected: Record<string, number> = {
      '5m': 0.2,
      '30m': 0.2,
      '1h': 0.105,
      '2h': 0.0575,
      '6h': 3000 / 72000,
      '1d': 3000 / 72000,
      '3d': 3000 / 72000,
      '30d': 3000 / 72000,
    };
    expect(Object.keys(result.errorRatios).sort()).toEqual(
      Object.keys(expected).sort(),
    );
    for (const [window, ratio] of Object.entries(expected)) {
      expect([window, result.errorRatios[window]]).toEqual([
        window,
        expect.closeTo(ratio, 9),
      ]);
    }
    // Burn rates with 1 % allowed: 1h 10.5 (page needs 14.4), 6h 4.17 (needs 6),
    // 1d 4.17 and 2h 5.75 (above 3), 3d and 6h 4.17 (above 1).
    expect(result.evaluation.rules.map(r => [r.longWindow, r.status])).toEqual([
      ['1h', 'ok'],
      ['6h', 'ok'],
      ['1d', 'fires'],
      ['3d', 'fires'],
    ]);
    expect(result.evaluation.rules[0].long.burnRate).toBeCloseTo(10.5, 6);
    expect(result.evaluation.state).toBe('ticket');
    // 4.17 % against 1 % allowed: 1 - 4.1667 = -3.1667 of the budget, × 432 min.
    expect(result.budget).toMatchObject({
      status: 'value',
      remainingFraction: expect.closeTo(1 - 25 / 6, 6),
      remainingMinutes: expect.closeTo(-1368, 4),
    });

    const quiet = await source.burnRates(
      { ...cartProd, entityName: 'checkout', environment: 'staging' },
      availability,
      { target: 0.99, windowDays: 30 },
    );
    expect(quiet.evaluation.state).toBe('ok');
    expect(quiet.budget).toMatchObject({
      status: 'value',
      remainingFraction: 1,
    });

    const noisy = await source.burnRates(
      { ...cartProd, entityName: 'checkout' },
      availability,
      { target: 0.99, windowDays: 28 },
    );
    // 20 % errors everywhere: burn 20 > 13.44 in 1h and 5m.
    expect(noisy.evaluation.state).toBe('page');

    const ghost = await source.burnRates(
      { ...cartProd, entityName: 'ghost' },
      availability,
      { target: 0.99, windowDays: 30 },
    );
    expect(ghost.evaluation.state).toBe('no-data');
    expect(ghost.outcomes['1h']).toMatchObject({
      status: 'no-data',
      reason: 'empty',
    });
  });

  it('is source-down once the server is gone', async () => {
    await server!.stop();
    const [outcome] = await source.query({ ...cartProd, window: '5m' }, [
      throughput,
    ]);
    expect(outcome).toMatchObject({
      status: 'source-down',
      message: expect.stringMatching(
        /^cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/,
      ),
    });
  });
});
