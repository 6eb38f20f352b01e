export { parseSloDefinition, SLO_API_VERSION, SLO_KIND } from './parse';
export {
  aggregate,
  comparedEvaluations,
  evaluateSlo,
  percentile,
} from './evaluate';
export { CRITERION_RULE, parseCriterion } from './criteria';
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
