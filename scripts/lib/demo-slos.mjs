// SLO evaluations of the demo, as a pipeline (or a load test in staging)
// would push its measurements: one evaluation per 30-minute window over
// the soak time of what runs in staging and canary, from deterministic
// samples. Most windows pass; checkout degrades in canary, and cart's
// canary had a window its metrics source could not answer, so the portal
// shows a failing score, a warning and "no data" next to passing ones.

const INTERVAL = 30 * 60 * 1000;
/** Matches releases.slo.stability.soakMinutes in app-config.yaml. */
const SOAK = 12 * 60 * 60 * 1000;

/** Deterministic noise in [-1, 1] from a seed. */
function noise(seed) {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** The values of window `i` of a component in an environment. */
const SAMPLES = {
  cart(i, env, windows) {
    if (env === 'canary' && i === windows - 3) return null; // source down
    return [
      {
        metric: 'latency_p95',
        value: Math.round(180 + 25 * Math.sin(i / 3) + 10 * noise(i)),
      },
      { metric: 'error_rate', value: +(0.2 + 0.1 * noise(i + 7)).toFixed(2) },
      {
        metric: 'availability',
        value: +(0.9995 + 0.0003 * noise(i + 3)).toFixed(5),
      },
    ];
  },
  checkout(i, env, windows) {
    const degraded = env === 'canary' && i >= windows - 4;
    return [
      {
        metric: 'latency_p95',
        value: Math.round((degraded ? 520 : 300) + 30 * noise(i + 11)),
      },
      {
        metric: 'error_rate',
        value: +((degraded ? 1.6 : 0.25) + 0.1 * noise(i + 5)).toFixed(2),
      },
      {
        metric: 'availability',
        value: +((degraded ? 0.994 : 0.9996) + 0.0002 * noise(i)).toFixed(5),
      },
    ];
  },
  payments(i, env) {
    // One slow window mid-soak in staging: a warning, not a failure.
    const slow = env === 'staging' && i === 9;
    return [
      {
        metric: 'response_time_p95',
        value: Math.round((slow ? 700 : 420) + 20 * noise(i + 2)),
      },
      { metric: 'error_rate', value: +(0.4 + 0.2 * noise(i + 9)).toFixed(2) },
      { metric: 'throughput', value: Math.round(120 + 15 * noise(i + 4)) },
    ];
  },
};

export const SLO_COMPONENTS = Object.keys(SAMPLES);

/**
 * The evaluations to push for one component's environment state
 * (`{environment, version, since}` from `GET /environments`), oldest first.
 */
export function demoSloEvaluations(component, state, nowMs) {
  if (!state.version || !state.since) return [];
  // One window per interval of the soak time, counted from the deploy as
  // the stability score counts them.
  const since = Date.parse(state.since);
  const last = Math.min(since + SOAK, nowMs);
  const ends = [];
  for (let end = since + INTERVAL; end <= last; end += INTERVAL) ends.push(end);
  return ends.flatMap((end, i) => {
    const values = SAMPLES[component](i, state.environment, ends.length);
    const body = {
      entityRef: `component:default/${component}`,
      environment: state.environment,
      version: state.version,
      windowStart: new Date(end - INTERVAL).toISOString(),
      windowEnd: new Date(end).toISOString(),
    };
    if (values === null) {
      // The source was down: every value missing, with the reason.
      return [
        {
          ...body,
          values: ['latency_p95', 'error_rate', 'availability'].map(metric => ({
            metric,
            value: null,
            success: false,
            message:
              'metrics source down: connect ECONNREFUSED prometheus:9090',
          })),
        },
      ];
    }
    return [{ ...body, values }];
  });
}
