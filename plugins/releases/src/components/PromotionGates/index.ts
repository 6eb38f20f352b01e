export { PromotionGates } from './PromotionGates';
export type { PromotionGatesProps } from './PromotionGates';
