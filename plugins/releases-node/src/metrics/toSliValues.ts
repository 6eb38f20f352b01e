import type { MetricOutcome } from './metrics-source';

/** The shape the SLO evaluation consumes. */
export interface SliValue {
  metric: string;
  value: number | null;
  success: boolean;
  message?: string;
}

/**
 * Outcomes as values for the SLO evaluation. No data and an unreachable
 * source are failures whose message names the outcome and the query, so an
 * objective can never pass on a value that was not measured.
 */
export function toSliValues(outcomes: MetricOutcome[]): SliValue[] {
  return outcomes.map(outcome => {
    switch (outcome.status) {
      case 'value':
        return { metric: outcome.metric, value: outcome.value, success: true };
      case 'no-data':
        return {
          metric: outcome.metric,
          value: null,
          success: false,
          message: `no data (${outcome.reason}) for query ${outcome.query}: ${outcome.message}`,
        };
      case 'source-down':
      default:
        return {
          metric: outcome.metric,
          value: null,
          success: false,
          message: `metrics source down for query ${outcome.query}: ${outcome.message}`,
        };
    }
  });
}
