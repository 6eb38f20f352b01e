export { PromotionProgress, promotionSteps } from './PromotionProgress';
export type { PromotionProgressProps } from './PromotionProgress';
