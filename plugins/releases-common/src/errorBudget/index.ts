export { assertErrorBudgetObjective, computeErrorBudget } from './errorBudget';
export type {
  ErrorBudget,
  ErrorBudgetInput,
  ErrorBudgetWindowDays,
} from './errorBudget';
export {
  burnRateRules,
  burnRateWindows,
  parseWindowSeconds,
  evaluateBurnRates,
} from './burnRates';
export type {
  BurnRateAlertState,
  BurnRateEvaluation,
  BurnRateInput,
  BurnRateRule,
  BurnRateRuleResult,
  BurnRateSeverity,
  BurnRateWindow,
} from './burnRates';
