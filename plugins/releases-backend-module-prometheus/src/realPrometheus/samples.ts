/*
 * The known samples of the real-Prometheus test: 3 hours at 15 s, counters
 * starting at 0, so every expected number can be worked out by hand.
 */

export const STEP_SECONDS = 15;
/** Samples 0..720: 3 hours. */
export const STEPS = 720;

/** Requests per 15 s step, by code, for each service and environment. */
interface Traffic {
  service: string;
  env: string;
  /** `[ok, errors]` per step for step i (1-based increment index). */
  perStep(i: number): [number, number];
}

export const TRAFFIC: Traffic[] = [
  // cart in prod: 1 % errors for 2.5 h, then 20 % for the last 30 min (steps 601..720).
  {
    service: 'cart',
    env: 'prod',
    perStep: i => (i <= 600 ? [99, 1] : [80, 20]),
  },
  { service: 'cart', env: 'staging', perStep: () => [50, 0] },
  { service: 'checkout', env: 'prod', perStep: () => [40, 10] },
  { service: 'checkout', env: 'staging', perStep: () => [10, 0] },
];

/** Latency buckets of cart in prod, per step of 100 requests. */
const BUCKETS: Array<[string, number]> = [
  ['0.1', 90],
  ['0.5', 98],
  ['+Inf', 100],
];

/** OpenMetrics text of the samples, the last one at `endSeconds`. */
export function openMetrics(endSeconds: number): string {
  const start = endSeconds - STEPS * STEP_SECONDS;
  const lines: string[] = [];
  const series = (
    name: string,
    labels: string,
    perStep: (i: number) => number,
  ) => {
    let value = 0;
    for (let i = 0; i <= STEPS; i++) {
      if (i > 0) value += perStep(i);
      lines.push(`${name}{${labels}} ${value} ${start + i * STEP_SECONDS}`);
    }
  };

  lines.push('# TYPE http_requests counter');
  for (const t of TRAFFIC) {
    const base = `service="${t.service}",env="${t.env}"`;
    series('http_requests_total', `${base},code="200"`, i => t.perStep(i)[0]);
    // A service without errors has no 500 series at all, as in real exporters.
    if ([...Array(STEPS).keys()].some(i => t.perStep(i + 1)[1] > 0)) {
      series('http_requests_total', `${base},code="500"`, i => t.perStep(i)[1]);
    }
  }

  lines.push('# TYPE http_request_duration_seconds histogram');
  const base = 'service="cart",env="prod"';
  for (const [le, count] of BUCKETS) {
    series(
      'http_request_duration_seconds_bucket',
      `${base},le="${le}"`,
      () => count,
    );
  }
  series('http_request_duration_seconds_count', base, () => 100);
  series('http_request_duration_seconds_sum', base, () => 5);

  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
