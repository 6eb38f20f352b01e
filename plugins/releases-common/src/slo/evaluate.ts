/*
 * Scoring values against service level objectives, by the rules of Keptn's
 * lighthouse service (event_handler/evaluate_sli_handler.go): pass scores an
 * objective's weight, warning half of it, fail nothing; the total is a
 * percentage of the weights of the objectives that have pass criteria; a
 * failed key objective fails the evaluation. Pure: the caller reads the
 * values and keeps the earlier evaluations.
 */
import { compare, targetValueOf } from './criteria';
import type {
  SloAggregateFunction,
  SloComparison,
  SloCriteriaSet,
  SloDefinition,
  SloEvaluation,
  SloIndicatorResult,
  SloPreviousEvaluation,
  SloResult,
  SloTarget,
  SloValue,
} from './types';

/**
 * The `p`-th percentile (0..1) of values as Keptn computes it: position
 * p(n+1) in the sorted values, linear interpolation between neighbours,
 * clamped to the smallest and largest value at the ends.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const pos = p * (n + 1);
  if (pos < 1) return sorted[0];
  if (pos >= n) return sorted[n - 1];
  const lower = sorted[Math.floor(pos) - 1];
  const upper = sorted[Math.floor(pos)];
  return lower + (pos - Math.floor(pos)) * (upper - lower);
}

/** Aggregates the earlier values of a metric into its baseline. */
export function aggregate(
  values: readonly number[],
  fn: SloAggregateFunction,
): number {
  switch (fn) {
    case 'p50':
      return percentile(values, 0.5);
    case 'p90':
      return percentile(values, 0.9);
    case 'p95':
      return percentile(values, 0.95);
    default:
      return values.reduce((sum, v) => sum + v, 0) / values.length;
  }
}

/**
 * The earlier evaluations a comparison uses: those whose result it
 * includes, then the newest `numberOfComparisonResults` of them
 * (1 for `single_result`). `previous` is newest first.
 */
export function comparedEvaluations(
  previous: readonly SloPreviousEvaluation[],
  comparison: SloComparison,
): SloPreviousEvaluation[] {
  const included = previous.filter(e => {
    switch (comparison.includeResultWithScore) {
      case 'pass':
        return e.result === 'pass';
      case 'pass_or_warn':
        return e.result === 'pass' || e.result === 'warning';
      default:
        return true;
    }
  });
  const count =
    comparison.compareWith === 'single_result'
      ? 1
      : comparison.numberOfComparisonResults;
  return included.slice(0, count);
}

interface SetsOutcome {
  /** Some set holds, counting a relative criterion without baseline as met. */
  met: boolean;
  /** Some set holds without relying on a missing baseline. */
  metWithBaseline: boolean;
  targets: SloTarget[];
}

function evaluateSets(
  sets: readonly SloCriteriaSet[],
  value: number | null,
  baseline: number | null,
): SetsOutcome {
  const outcome: SetsOutcome = {
    met: false,
    metWithBaseline: false,
    targets: [],
  };
  for (const set of sets) {
    // Every set is evaluated, even after one holds, so all targets are reported.
    let met = true;
    let needsBaseline = false;
    for (const criterion of set.criteria) {
      let targetValue: number | null;
      let violated: boolean;
      if (criterion.relative && baseline === null) {
        // Keptn: with nothing to compare with, a relative criterion holds.
        targetValue = null;
        violated = value === null;
        needsBaseline = true;
      } else {
        targetValue = targetValueOf(criterion, baseline ?? 0);
        violated =
          value === null || !compare(value, criterion.operator, targetValue);
      }
      if (violated) met = false;
      outcome.targets.push({ criteria: criterion.text, targetValue, violated });
    }
    if (met) {
      outcome.met = true;
      if (!needsBaseline) outcome.metWithBaseline = true;
    }
  }
  return outcome;
}

function resultOf(
  score: number,
  totalScore: SloDefinition['totalScore'],
  keySliFailed: boolean,
): SloResult {
  if (keySliFailed) return 'fail';
  if (score >= totalScore.pass) return 'pass';
  if (totalScore.warning !== undefined && score >= totalScore.warning) {
    return 'warning';
  }
  return 'fail';
}

/**
 * Evaluates values against a definition. `previous` are earlier evaluations
 * of the same objectives, newest first; relative criteria compare with the
 * baseline they give. See docs/slo.md for the rules.
 */
export function evaluateSlo(
  definition: SloDefinition,
  values: readonly SloValue[],
  previous: readonly SloPreviousEvaluation[] = [],
): SloEvaluation {
  const compared = comparedEvaluations(previous, definition.comparison);
  let maximum = 0;
  let total = 0;
  let keySliFailed = false;

  const indicators = definition.objectives.map(
    (objective): SloIndicatorResult => {
      // The first value of a metric counts, as in Keptn.
      const read = values.find(v => v.metric === objective.metric);
      const value =
        read?.success && typeof read.value === 'number' ? read.value : null;

      const earlier: number[] = [];
      for (const evaluation of compared) {
        for (const i of evaluation.indicators) {
          if (
            i.metric === objective.metric &&
            i.success &&
            typeof i.value === 'number'
          ) {
            earlier.push(i.value);
          }
        }
      }
      const baseline = earlier.length
        ? aggregate(earlier, definition.comparison.aggregateFunction)
        : null;

      const pass = evaluateSets(objective.pass, value, baseline);
      const warning = evaluateSets(objective.warning, value, baseline);
      const messages: string[] = [];
      if (!read) {
        messages.push('no value received');
      } else if (!read.success) {
        messages.push(read.message ?? 'the metrics source could not read it');
      } else if (value === null) {
        messages.push('no value received');
      } else if (read.message) {
        messages.push(read.message);
      }

      let status: SloIndicatorResult['status'];
      if (objective.pass.length === 0) {
        status = 'info';
      } else if (value === null) {
        status = 'fail';
      } else if (
        pass.metWithBaseline ||
        (pass.met && definition.noBaseline === 'pass')
      ) {
        status = 'pass';
      } else if (pass.met) {
        status = 'warning';
        messages.push(
          'no baseline to compare with: pass needs one, so the objective is at best a warning',
        );
      } else if (warning.met) {
        status = 'warning';
      } else {
        status = 'fail';
      }

      const score =
        { pass: 1, warning: 0.5, fail: 0, info: 0 }[status] * objective.weight;
      if (objective.pass.length > 0) {
        maximum += objective.weight;
        total += score;
      }
      if (status === 'fail' && objective.keySli) keySliFailed = true;

      const result: SloIndicatorResult = {
        metric: objective.metric,
        value,
        comparedValue: baseline,
        status,
        score,
        keySli: objective.keySli,
        weight: objective.weight,
        passTargets: pass.targets,
        warningTargets: warning.targets,
      };
      if (objective.displayName !== undefined) {
        result.displayName = objective.displayName;
      }
      if (messages.length > 0) result.message = messages.join('; ');
      return result;
    },
  );

  // Keptn: with no objective to score, the evaluation passes at 100%.
  if (maximum === 0) {
    return { score: 100, result: 'pass', keySliFailed: false, indicators };
  }
  const score = (100 * total) / maximum;
  return {
    score,
    result: resultOf(score, definition.totalScore, keySliFailed),
    keySliFailed,
    indicators,
  };
}
