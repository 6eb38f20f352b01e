export { StabilityChip, stabilityLabel } from './StabilityChip';
export type { StabilityChipProps } from './StabilityChip';
