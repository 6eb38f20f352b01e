export { parseSloDefinition, SLO_API_VERSION, SLO_KIND } from './parse';
// Generic names get an SLO prefix in the package's one barrel.
export {
  aggregate as aggregateSloValues,
  comparedEvaluations as comparedSloEvaluations,
  evaluateSlo,
  percentile as sloPercentile,
} from './evaluate';
export {
  CRITERION_RULE as SLO_CRITERION_RULE,
  parseCriterion as parseSloCriterion,
} from './criteria';
export { InvalidSloDefinitionError } from './errors';
export type {
  SloAggregateFunction,
  SloComparison,
  SloCompareWith,
  SloCriteriaSet,
  SloCriterion,
  SloDefinition,
  SloEvaluation,
  SloFormat,
  SloIncludeResultWithScore,
  SloIndicator,
  SloIndicatorResult,
  SloNoBaseline,
  SloObjective,
  SloOperator,
  SloPreviousEvaluation,
  SloRatioIndicator,
  SloResult,
  SloStatus,
  SloTarget,
  SloThresholdIndicator,
  SloValue,
  SloWindow,
} from './types';
