export { GATE_REQUIREMENTS, PromotionGates } from './PromotionGates';
export type { PromotionGatesProps } from './PromotionGates';
