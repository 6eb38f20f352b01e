/*
 * The normalized model of a service level objectives file, whichever format
 * it was written in (Keptn's `slo.yaml` or our `ServiceLevelObjectives`), and
 * the shapes of an evaluation. Evaluation only ever sees this model, so both
 * formats are scored by the same rules.
 */

/** The format a definition was read from. */
export type SloFormat = 'keptn' | 'releases';

/** How many earlier evaluations a relative criterion compares with. */
export type SloCompareWith = 'single_result' | 'several_results';

/** Which earlier evaluations, by their total result, may serve as a baseline. */
export type SloIncludeResultWithScore = 'pass' | 'pass_or_warn' | 'all';

/** How the baseline aggregates the kept earlier values of a metric. */
export type SloAggregateFunction = 'avg' | 'p50' | 'p90' | 'p95';

/** What a relative criterion gives when there is no baseline to compare with. */
export type SloNoBaseline = 'pass' | 'warning';

/** Comparison with earlier evaluations, defaults applied. */
export interface SloComparison {
  compareWith: SloCompareWith;
  /** Earlier evaluations kept: 1 for `single_result`, else this many (default 3). */
  numberOfComparisonResults: number;
  includeResultWithScore: SloIncludeResultWithScore;
  aggregateFunction: SloAggregateFunction;
}

/** Comparison operators of a criterion. */
export type SloOperator = '<=' | '<' | '=' | '>=' | '>';

/**
 * One criterion, e.g. `<=300` (fixed), `<=+10%` or `>-5` (relative to the
 * baseline). `x%` without a sign means `+x%`, as in Keptn.
 */
export interface SloCriterion {
  /** The criterion as written, e.g. `<=+10%`. */
  text: string;
  operator: SloOperator;
  /** The number after the operator and sign, never negative. */
  amount: number;
  /** Relative to the baseline (`+x`, `-x`, `x%`), not a fixed threshold. */
  relative: boolean;
  /** The amount is a percentage of the baseline. */
  percent: boolean;
  /** For a relative criterion: the target is above the baseline (`+`), not below (`-`). */
  increase: boolean;
}

/** Criteria that must all hold (AND); the sets of a `pass` or `warning` list are ORed. */
export interface SloCriteriaSet {
  criteria: SloCriterion[];
}

/** One query gives the value (our format only; evaluation ignores it). */
export interface SloThresholdIndicator {
  type: 'threshold';
  query: string;
}

/** Good events over total events in the window (our format only; evaluation ignores it). */
export interface SloRatioIndicator {
  type: 'ratio';
  good: string;
  total: string;
}

/** How a metrics source reads an objective's value. */
export type SloIndicator = SloThresholdIndicator | SloRatioIndicator;

/** One objective, defaults applied. */
export interface SloObjective {
  /** The metric's name (Keptn's `sli`). */
  metric: string;
  displayName?: string;
  /** Empty: the objective is `info` only and does not count in the score. */
  pass: SloCriteriaSet[];
  warning: SloCriteriaSet[];
  /** Points a pass scores; 0 or missing in the file means 1. */
  weight: number;
  /** A failed key objective fails the whole evaluation. */
  keySli: boolean;
  /** Our format: how the value is read. */
  indicator?: SloIndicator;
  /** Our format: the objective's target over `window`, 0 < target < 1, for error budgets. */
  target?: number;
}

/** The rolling window of our format's targets, e.g. `30d`. */
export interface SloWindow {
  /** As written: `<n>d`, `<n>h` or `<n>m`. */
  duration: string;
  seconds: number;
}

/** A parsed definition in either format. */
export interface SloDefinition {
  format: SloFormat;
  /** Where it was read from, e.g. a file name, when the caller said. */
  source?: string;
  /** Our format's `metadata.name`. */
  name?: string;
  /** Keptn's `spec_version`. */
  specVersion?: string;
  /** Keptn's `filter`: placeholders for queries; evaluation ignores it. */
  filter: Record<string, string>;
  /** Our format's `spec.window`. */
  window?: SloWindow;
  comparison: SloComparison;
  /** `pass` for Keptn files (Keptn's rule); our format defaults to `warning`. */
  noBaseline: SloNoBaseline;
  /** Thresholds of the total score, in percent. */
  totalScore: { pass: number; warning?: number };
  objectives: SloObjective[];
}

/** The status of one objective in an evaluation. */
export type SloStatus = 'pass' | 'warning' | 'fail' | 'info';

/** The result of a whole evaluation. */
export type SloResult = 'pass' | 'warning' | 'fail';

/** A value a metrics source read for a metric. */
export interface SloValue {
  metric: string;
  value?: number | null;
  /** False when the source could not read the metric; the objective then fails. */
  success: boolean;
  message?: string;
}

/** An earlier evaluation, as kept for comparisons; newest first in a list. */
export interface SloPreviousEvaluation {
  result: SloResult;
  score: number;
  indicators: Array<{
    metric: string;
    value: number | null;
    success: boolean;
    status: SloStatus;
  }>;
}

/** One criterion as evaluated. */
export interface SloTarget {
  criteria: string;
  /** The threshold compared with; `null` for a relative criterion without baseline. */
  targetValue: number | null;
  violated: boolean;
}

/** One objective as evaluated. */
export interface SloIndicatorResult {
  metric: string;
  displayName?: string;
  value: number | null;
  /** The baseline relative criteria compare with; `null` when there is none. */
  comparedValue: number | null;
  status: SloStatus;
  /** Points scored: the weight for pass, half of it for warning, else 0. */
  score: number;
  keySli: boolean;
  weight: number;
  passTargets: SloTarget[];
  warningTargets: SloTarget[];
  message?: string;
}

/** The outcome of `evaluateSlo`. */
export interface SloEvaluation {
  /** Total score in percent. */
  score: number;
  result: SloResult;
  keySliFailed: boolean;
  indicators: SloIndicatorResult[];
}
