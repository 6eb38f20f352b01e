import {
  burnRateRules,
  burnRateWindows,
  computeErrorBudget,
  evaluateBurnRates,
  type BurnRateEvaluation,
  type BurnRateRule,
  type ErrorBudget,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  MetricOutcome,
  MetricsIndicator,
  MetricsQueryContext,
  MetricsSource,
} from './metrics-source';

/** Options of {@link measureBurnRates}. */
export interface MeasureBurnRatesOptions {
  /** The objective as a fraction, e.g. 0.999. */
  target: number;
  /** The SLO window in days (28 or 30). */
  windowDays: number;
  /** Default: the workbook's rules for `windowDays`. */
  rules?: BurnRateRule[];
}

/** Error ratios per window, with the outcomes they came from. */
export interface BurnRateMeasurement {
  /** Error ratio (1 - good / total) per window; `null` without data. */
  errorRatios: Record<string, number | null>;
  /** The source's outcome per window, with resolved query and raw value. */
  outcomes: Record<string, MetricOutcome>;
  evaluation: BurnRateEvaluation;
  /** Over the whole SLO window (`${windowDays}d`). */
  budget: ErrorBudget;
}

/**
 * Asks the source for a good/total indicator over every window the
 * burn-rate rules need and over the whole SLO window (its templates use
 * `${window}` or `$DURATION_SECONDS`), then evaluates the alert state and
 * the remaining budget.
 */
export async function measureBurnRates(
  source: MetricsSource,
  context: MetricsQueryContext,
  indicator: MetricsIndicator,
  options: MeasureBurnRatesOptions,
): Promise<BurnRateMeasurement> {
  const rules = options.rules ?? burnRateRules(options.windowDays);
  const sloWindow = `${options.windowDays}d`;
  const windows = [...new Set([...burnRateWindows(rules), sloWindow])];
  // One evaluation time for every window, so they describe the same moment.
  const at = context.at ?? new Date();
  const results = await Promise.all(
    windows.map(async window => {
      const [outcome] = await source.query({ ...context, at, window }, [
        indicator,
      ]);
      return [window, outcome] as const;
    }),
  );
  const outcomes: Record<string, MetricOutcome> = {};
  const errorRatios: Record<string, number | null> = {};
  for (const [window, outcome] of results) {
    outcomes[window] = outcome;
    errorRatios[window] =
      outcome.status === 'value'
        ? // Counter extrapolation can put good a hair above total.
          Math.min(1, Math.max(0, 1 - outcome.value))
        : null;
  }
  return {
    errorRatios,
    outcomes,
    evaluation: evaluateBurnRates({
      target: options.target,
      windowDays: options.windowDays,
      errorRatios,
      rules,
    }),
    budget: computeErrorBudget({
      target: options.target,
      windowDays: options.windowDays,
      errorRatio: errorRatios[sloWindow],
    }),
  };
}
