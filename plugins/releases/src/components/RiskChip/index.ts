export {
  ChangeRiskExplanation,
  RiskChip,
  formatLabelValue,
  highestRisk,
} from './RiskChip';
export type { RiskChipProps } from './RiskChip';
export {
  VersionRiskChip,
  changeRiskOf,
  useMergedRisk,
  useRiskLoader,
} from './useRisk';
export type { RiskLoader } from './useRisk';
